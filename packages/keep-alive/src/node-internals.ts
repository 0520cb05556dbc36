import http from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import net from 'node:net'
import type { Socket } from 'node:net'
import tls from 'node:tls'

// Every read of Node's private HTTP state is here. Each one is probed once, when a tracker is
// created (at register time), on a throwaway server and socket of Node's own making: no port is
// opened, nothing is written. What a probe does not find is replaced by public API, and the
// tracker logs one warning naming it.

/** The private fields Node keeps on an HTTP server socket. */
type HttpSocket = Socket & { _httpMessage?: ServerResponse | null, parser?: unknown }

/** Node's per-server connection list (the one server.closeIdleConnections() uses). */
interface ConnectionsList { idle: () => Array<{ socket?: unknown }> }

/** What the probe found on this Node. */
export interface ProbeResult {
  /** `socket._httpMessage` is the response Node is writing on the socket. */
  response: boolean
  /** `socket.parser` is set on an HTTP socket and cleared when an upgrade takes it over. */
  parser: boolean
  /** The symbol of Node's connection list on a server, when the list answers `idle()`. */
  connectionsList: symbol | undefined
}

export interface NodeInternals {
  /** The response being written on a socket, or undefined between two requests. */
  currentResponse: (socket: Socket) => ServerResponse | undefined
  /**
   * Only for the public fallback of currentResponse: remembers each request's response, so the
   * 'request' listener calls it. Undefined on the private path, where the request path costs nothing more.
   */
  recordResponse: ((req: IncomingMessage, res: ServerResponse) => void) | undefined
  /**
   * Whether an upgrade handler (a WebSocket server, ...) took the socket over. Undefined for the
   * public fallback: the tracker then counts the sockets handed to 'upgrade' and 'connect' listeners.
   */
  isUpgraded: ((socket: Socket) => boolean) | undefined
  /**
   * The sockets Node's parser holds between two requests; undefined when the server has no such
   * list, and every socket without a response in progress then counts as between requests.
   */
  socketsBetweenRequests: (server: object) => Set<unknown> | undefined
  /** One sentence per private field this Node lacks, with its fallback; empty on the private path. */
  fallbacks: string[]
}

const NOTHING: ProbeResult = { response: false, parser: false, connectionsList: undefined }

/**
 * Drives a throwaway http.Server by hand: 'listening' makes Node build its connection list,
 * 'connection' with an unconnected socket attaches a parser, and bytes emitted as 'data' go
 * through that parser as a request would. Nothing is bound or sent.
 */
export function probe (createServer: () => http.Server = () => http.createServer()): ProbeResult {
  const sockets: Socket[] = []
  let server: http.Server | undefined
  let found = NOTHING
  try {
    server = createServer()
    found = drive(server, sockets)
  } catch {
    // Whatever this Node does differently, nothing is taken for granted.
  }
  for (const socket of sockets) socket.destroy()
  server?.close()
  return found
}

function drive (server: http.Server, sockets: Socket[]): ProbeResult {
  server.emit('listening')
  const key = Object.getOwnPropertySymbols(server).find(symbol => symbol.description === 'http.server.connections')

  let response: ServerResponse | undefined
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => { response = res })
  const plain = new net.Socket() as HttpSocket
  sockets.push(plain)
  server.emit('connection', plain)
  const parserAttached = plain.parser != null
  plain.emit('data', Buffer.from('GET / HTTP/1.1\r\nHost: probe\r\n\r\n'))
  const responseField = response !== undefined && plain._httpMessage === response
  const list = key === undefined ? undefined : (server as unknown as Record<symbol, Partial<ConnectionsList> | undefined>)[key]
  const listed = typeof list?.idle === 'function' && list.idle().some(entry => entry.socket === plain)

  let detached = false
  server.on('upgrade', (_req: IncomingMessage, socket: HttpSocket) => { detached = socket.parser == null })
  const upgrading = new net.Socket() as HttpSocket
  sockets.push(upgrading)
  server.emit('connection', upgrading)
  upgrading.emit('data', Buffer.from('GET / HTTP/1.1\r\nHost: probe\r\nConnection: Upgrade\r\nUpgrade: probe\r\n\r\n'))

  return { response: responseField, parser: parserAttached && detached, connectionsList: listed ? key : undefined }
}

/** The accessors for what the probe found: Node's private state where it is, public API elsewhere. */
export function nodeInternals (found: ProbeResult): NodeInternals {
  const fallbacks: string[] = []
  let currentResponse: NodeInternals['currentResponse']
  let recordResponse: NodeInternals['recordResponse']
  if (found.response) {
    currentResponse = socket => (socket as HttpSocket)._httpMessage ?? undefined
  } else {
    fallbacks.push('socket._httpMessage (the response in progress): each request\'s response is remembered in the \'request\' listener instead')
    const responses = new WeakMap<object, ServerResponse>()
    recordResponse = (req, res) => { responses.set(req.socket, res) }
    currentResponse = socket => {
      const response = responses.get(socket)
      return response === undefined || response.writableFinished ? undefined : response
    }
  }

  let isUpgraded: NodeInternals['isUpgraded']
  if (found.parser) {
    isUpgraded = socket => (socket as HttpSocket).parser == null
  } else {
    fallbacks.push('socket.parser (detached by an upgrade): upgraded sockets are the ones the server hands to its \'upgrade\' and \'connect\' listeners')
  }

  const key = found.connectionsList
  if (key === undefined) {
    fallbacks.push('the server\'s connection list (which sockets sit between two requests): every socket without a response in progress counts as between requests, so one with half of its next request in is ended rather than served')
  }
  const socketsBetweenRequests: NodeInternals['socketsBetweenRequests'] = server => {
    const list = key === undefined ? undefined : (server as Record<symbol, Partial<ConnectionsList> | undefined>)[key]
    // A server that never listened, or that is not Node's own, has no list.
    if (typeof list?.idle !== 'function') return undefined
    return new Set(list.idle().map(entry => entry.socket))
  }

  return { currentResponse, recordResponse, isUpgraded, socketsBetweenRequests, fallbacks }
}

/** Probes this Node once and returns its accessors. */
export function probeNodeInternals (): NodeInternals {
  return nodeInternals(probe())
}

/**
 * The symbol under which a tls.Server keeps its handshake timeout, which Node reads for every new
 * connection (so setting it before listen() works like the construction option). Found by value
 * on a throwaway server made with a distinctive timeout; undefined when this Node keeps it
 * elsewhere, and the timeout can then only be given at construction (`https.handshakeTimeout`).
 */
export function probeHandshakeTimeoutKey (createServer: (timeout: number) => object = timeout => tls.createServer({ handshakeTimeout: timeout })): symbol | undefined {
  const distinctive = 123_457
  try {
    const server = createServer(distinctive) as Record<symbol, unknown>
    return Object.getOwnPropertySymbols(server).find(symbol => server[symbol] === distinctive)
  } catch {
    return undefined
  }
}
