import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { EventEmitter } from 'node:events'
import { TIMER_MAX, checkNumber } from './options.js'

export interface ConnectionSnapshot {
  /** Tracked sockets that are open now. */
  open: number
  /** Open sockets with a request in flight. */
  active: number
  /** Open sockets waiting for their next request. */
  idle: number
  /** Sockets accepted since the plugin started tracking. */
  accepted: number
  /** Sockets closed since then. */
  closed: number
  /** Requests received on any socket (inject() requests have no socket and are not counted). */
  requests: number
  /** requests / accepted (0 before the first connection). */
  requestsPerConnection: number
  /** Whether drain() has been called. */
  draining: boolean
}

export interface DrainOptions {
  /** Milliseconds to wait for the tracked sockets to close; defaults to the plugin's drainTimeout. */
  timeout?: number
}

export interface DrainResult {
  /** Tracked sockets still open when the drain resolved. */
  remaining: number
  /** Whether it resolved because the timeout passed. */
  timedOut: boolean
}

export interface ConnectionTracker extends Readonly<ConnectionSnapshot> {
  snapshot(): ConnectionSnapshot
  /**
   * Switches the server into closing mode: later responses carry `Connection: close` and their
   * socket ends after them, idle sockets are ended with a FIN, requests still arriving on open
   * connections are served. Idempotent; never closes the listening socket.
   */
  drain(options?: DrainOptions): Promise<DrainResult>
}

/** Node's own fields: the response being written on a socket, and the socket's HTTP parser. */
type HttpSocket = Socket & { _httpMessage?: ServerResponse | null, parser?: unknown }

/** A server that emits HTTP/1.1 connection and request events. */
export type TrackableServer = EventEmitter

/**
 * Counts connections and requests from raw http.Server events. The request path costs one counter
 * increment and one boolean check; which sockets are busy is read from Node's own per-socket state
 * only when someone asks (the getters, snapshot(), drain()). A closed socket is forgotten on its
 * 'close' event.
 */
export class Connections implements ConnectionTracker {
  readonly #sockets = new Set<HttpSocket>()
  readonly #defaultDrainTimeout: number
  readonly #onSocketClose: (this: HttpSocket) => void
  #server: TrackableServer | undefined
  #accepted = 0
  #closed = 0
  #requests = 0
  #draining = false
  #drained: Promise<DrainResult> | undefined
  #settle: ((result: DrainResult) => void) | undefined
  #timer: NodeJS.Timeout | undefined

  constructor (defaultDrainTimeout: number) {
    this.#defaultDrainTimeout = defaultDrainTimeout
    const socketClosed = this.#socketClosed.bind(this)
    // One shared listener for every socket: no closure per connection.
    this.#onSocketClose = function (this: HttpSocket) { socketClosed(this) }
  }

  get open (): number { return this.#sockets.size }
  get active (): number {
    let active = 0
    for (const socket of this.#sockets) if (socket._httpMessage != null) active++
    return active
  }

  get idle (): number { return this.#sockets.size - this.active }
  get accepted (): number { return this.#accepted }
  get closed (): number { return this.#closed }
  get requests (): number { return this.#requests }
  get requestsPerConnection (): number { return this.#accepted === 0 ? 0 : this.#requests / this.#accepted }
  get draining (): boolean { return this.#draining }

  snapshot (): ConnectionSnapshot {
    const active = this.active
    return {
      open: this.open,
      active,
      idle: this.open - active,
      accepted: this.accepted,
      closed: this.closed,
      requests: this.requests,
      requestsPerConnection: this.requestsPerConnection,
      draining: this.draining
    }
  }

  toJSON (): ConnectionSnapshot {
    return this.snapshot()
  }

  /** Starts counting; connectionEvent is 'secureConnection' for HTTPS, where req.socket is the TLS socket. */
  attach (server: TrackableServer, connectionEvent: 'connection' | 'secureConnection'): void {
    this.#server = server
    server.on(connectionEvent, this.#onConnection)
    // First in line, so that `Connection: close` is set before Fastify's handler can answer synchronously.
    server.prependListener('request', this.#onRequest)
  }

  readonly #onConnection = (socket: HttpSocket): void => {
    this.#sockets.add(socket)
    this.#accepted++
    socket.on('close', this.#onSocketClose)
  }

  readonly #onRequest = (_req: IncomingMessage, res: ServerResponse): void => {
    this.#requests++
    if (this.#draining) res.setHeader('Connection', 'close')
  }

  #socketClosed (socket: HttpSocket): void {
    this.#sockets.delete(socket)
    this.#closed++
    if (this.#draining && this.#sockets.size === 0) this.#finishDrain(false)
  }

  drain (options: DrainOptions = {}): Promise<DrainResult> {
    if (this.#drained !== undefined) return this.#drained
    let timeout: number
    try {
      timeout = options.timeout === undefined ? this.#defaultDrainTimeout : checkNumber('drain timeout', options.timeout, TIMER_MAX)
    } catch (err) {
      const error = err as Error
      return Promise.reject(error)
    }
    this.#draining = true
    this.#drained = new Promise(resolve => { this.#settle = resolve })
    const between = socketsBetweenRequests(this.#server)
    for (const socket of this.#sockets) {
      if (socket._httpMessage != null) {
        this.#closeAfterResponse(socket)
      } else if (!isUpgraded(socket) && (socket.bytesRead === 0 || between === undefined || between.has(socket))) {
        closeBetweenRequests(socket)
      }
      // Otherwise part of the next request is in: it will be served, with `Connection: close`.
    }
    if (this.#sockets.size === 0) {
      this.#finishDrain(false)
    } else {
      this.#timer = setTimeout(() => { this.#finishDrain(true) }, timeout)
      this.#timer.unref()
    }
    return this.#drained
  }

  /** Marks the response in progress `Connection: close`, or ends the socket after it if its headers already left. */
  #closeAfterResponse (socket: HttpSocket): void {
    const response = socket._httpMessage
    if (response == null) {
      const between = socketsBetweenRequests(this.#server)
      // A non-empty parser holds the start of the next request: it is served, with `Connection: close`.
      if (between === undefined || between.has(socket)) closeBetweenRequests(socket)
    } else if (!response.headersSent) {
      response.setHeader('Connection', 'close')
    } else {
      // Node's own 'finish' listener runs first and hands the socket to the next pipelined response, if any.
      response.once('finish', () => { this.#closeAfterResponse(socket) })
    }
  }

  #finishDrain (timedOut: boolean): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    const settle = this.#settle
    this.#settle = undefined
    settle?.({ remaining: this.#sockets.size, timedOut })
  }

  /** Called from onClose: clears the drain timer and settles a drain still waiting. */
  stop (): void {
    this.#finishDrain(false)
  }
}

/**
 * Sockets whose HTTP parser sits between two requests, from Node's own connection list (the one
 * server.closeIdleConnections() uses). A socket outside it has part of its next request in.
 * Undefined when this Node does not expose the list; every socket without a response then counts as idle.
 */
function socketsBetweenRequests (server: TrackableServer | undefined): Set<unknown> | undefined {
  if (server === undefined) return undefined
  const key = Object.getOwnPropertySymbols(server).find(symbol => symbol.description === 'http.server.connections')
  const list = key === undefined ? undefined : (server as unknown as Record<symbol, { idle?: () => Array<{ socket: unknown }> }>)[key]
  if (typeof list?.idle !== 'function') return undefined
  return new Set(list.idle().map(parser => parser.socket))
}

/**
 * Ends a socket that sits between two requests and stops reading it, so that nothing written to it
 * from now on is read. http.Server sockets are half-open (allowHalfOpen): after a mere end() Node
 * would still parse and dispatch a request the peer wrote before it saw the FIN, and the answer
 * could never be sent, so a proxy would get no response to a request the app had applied. Paused,
 * then closed once the FIN is out, the socket answers such a request with a reset instead: the
 * peer knows it was never read, so replaying it is safe (graceful-close's docs/deploy.md relies on
 * this). With nothing unread the peer just sees the FIN. pause() reaches the handle because
 * http.Server stops reading on the socket's 'pause' event.
 */
function closeBetweenRequests (socket: HttpSocket): void {
  socket.pause()
  socket.destroySoon()
}

/** An upgraded socket (e.g. a WebSocket) belongs to its upgrade handler: Node detaches its HTTP parser. */
function isUpgraded (socket: HttpSocket): boolean {
  return socket.parser == null
}
