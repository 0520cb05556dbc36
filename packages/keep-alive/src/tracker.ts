import { ServerResponse } from 'node:http'
import type { IncomingMessage } from 'node:http'
import type { Http2ServerResponse, ServerHttp2Stream } from 'node:http2'
import type { Socket } from 'node:net'
import type { EventEmitter } from 'node:events'
import tls from 'node:tls'
import { describeProblems } from '@groundwork/shared'
import { isHttp1Server } from './apply.js'
import { Http2Sessions } from './http2-sessions.js'
import { isHttp2Server } from './transport.js'
import { GW_KEEP_ALIVE_INVALID_OPTION } from './errors.js'
import { nodeInternals, probeNodeInternals } from './node-internals.js'
import type { NodeInternals } from './node-internals.js'
import { DEFAULT_DRAIN_TIMEOUT, drainTimeoutOf, trackOptionsCheck } from './options.js'
import type { TrackOptions } from './options.js'
import { handoverOf, isStream } from './long-lived.js'
import type { Handover, LongLivedConnection } from './long-lived.js'
import { watchUpgrades } from './upgrades.js'

export interface ConnectionSnapshot {
  /** Tracked connections that are open now: HTTP/1.1 sockets and HTTP/2 sessions. */
  open: number
  /** Open connections with a request in flight that is being answered (not a stream). */
  active: number
  /** Open connections waiting for their next request (an HTTP/2 session: with no open stream). */
  idle: number
  /** Open sockets an upgrade or CONNECT handler took over (WebSockets...): neither active nor idle. */
  upgraded: number
  /** Open connections whose responses are all long-lived streams (SSE, long poll, marked by markLongLived()). */
  streams: number
  /** Open HTTP/2 sessions (part of `open`; 0 on an HTTP/1.1 server). */
  sessions: number
  /** Open HTTP/2 streams over every session: the requests in flight on them, long-lived or not. */
  http2Streams: number
  /** Connections (sockets, HTTP/2 sessions) accepted since the tracker started. */
  accepted: number
  /** Connections closed since then. */
  closed: number
  /** Requests received on any connection, HTTP/2 streams included (inject() requests have no socket and are not counted). */
  requests: number
  /** requests / accepted (0 before the first connection). */
  requestsPerConnection: number
  /** Whether the tracker is closing connections: closeAfterResponses() or drain() was called. */
  draining: boolean
}

export interface DrainOptions {
  /** Milliseconds to wait for the HTTP connections to close; defaults to drainTimeout. */
  timeout?: number
}

export interface DrainResult {
  /** HTTP connections (HTTP/2 sessions included) still open when it resolved. */
  remaining: number
  /** Upgraded connections still open: left to their owner, never waited for. */
  upgraded: number
  /** Whether it resolved because the timeout passed. */
  timedOut: boolean
}

/** A request still in flight, for a shutdown deadline's log. */
export interface OpenRequest {
  method: string
  url: string
  /** Milliseconds since its connection was accepted (requests carry no timestamp of their own). */
  connectionAgeMs: number
}

export interface ConnectionTracker extends Readonly<ConnectionSnapshot> {
  snapshot(): ConnectionSnapshot
  /**
   * The phase before a drain: every later response carries `Connection: close` and its socket ends
   * after it, a response in flight ends its socket once it is out, and idle sockets stay open so that
   * a client (a proxy's pool) still gets an answer on them. Resolves when no HTTP connection is left
   * or after the timeout. Idempotent.
   */
  closeAfterResponses(options?: DrainOptions): Promise<DrainResult>
  /**
   * closeAfterResponses(), and idle sockets are ended now with a FIN, and read no more. Requests
   * still arriving on open connections are served. Upgraded sockets are left to their owner and
   * not waited for. Resolves when no HTTP connection is left or after the timeout. Idempotent;
   * never closes the listening socket.
   */
  drain(options?: DrainOptions): Promise<DrainResult>
  /** The requests being answered now (method, url, the age of their connection); streams are in longLived(). */
  openRequests(): OpenRequest[]
  /** The long-lived connections open now: upgraded sockets and streaming responses. */
  longLived(): LongLivedConnection[]
  /**
   * Declares a response long-lived (a long poll, a streamed download): counted in `streams`, not
   * `active`, and ended by closeLongLived()'s bound instead of being waited for like a request.
   * Responses to `Accept: text/event-stream` requests are long-lived without it.
   */
  markLongLived(response: ServerResponse | Http2ServerResponse): void
  /**
   * The shutdown's bound for connections that never go idle. Their owners are told elsewhere
   * (a WebSocket close frame, an aborted signal); this waits up to `timeout` for the upgraded
   * sockets and streams open now to close (a stream's socket ends once its response has), then
   * destroys every long-lived connection still open. Idempotent.
   */
  closeLongLived(options?: LongLivedOptions): Promise<LongLivedResult>
}

export interface LongLivedOptions {
  /** Milliseconds to wait for the long-lived connections to close before destroying them; defaults to drainTimeout. */
  timeout?: number
}

export interface LongLivedResult {
  /** Long-lived connections that closed on their own within the timeout. */
  closed: number
  /** Those still open at the timeout, destroyed: what a log should name. */
  cut: LongLivedConnection[]
  /** Whether it resolved because the timeout passed. */
  timedOut: boolean
}

/** A tracker made by trackConnections(): the owner calls stop() when the server closes. */
export interface TrackedConnections extends ConnectionTracker {
  /** Clears the timers and settles a closeAfterResponses() or drain() still waiting. */
  stop(): void
}

/** A long-lived connection's handle: its socket (HTTP/1.1, upgraded) or its HTTP/2 stream. */
type LongLivedHandle = Socket | ServerHttp2Stream

/** A server that emits HTTP/1.1 connection and request events. */
export type TrackableServer = EventEmitter

/** The drain's timers, and what each settles. */
interface Waiter { settle: (timedOut: boolean) => void }

/**
 * Counts connections and requests from raw http.Server events. The request path costs one counter
 * increment and one boolean check; what each socket is doing is read from Node's own per-socket
 * state (node-internals.ts) only when someone asks (the getters, snapshot(), openRequests(), the
 * closing phases). A closed socket is forgotten on its 'close' event.
 */
class Connections implements TrackedConnections {
  /** Each socket with the performance.now() of its acceptance. */
  readonly #sockets = new Map<Socket, number>()
  readonly #internals: NodeInternals
  readonly #defaultTimeout: number
  readonly #onSocketClose: (this: Socket) => void
  #server: TrackableServer | undefined
  #accepted = 0
  #closed = 0
  #requests = 0
  /** Read on every request: whether responses get `Connection: close`. */
  #closing = false
  /** From the closing phase on: the HTTP sockets it waits for. */
  #waiting: Set<Socket> | undefined
  /** Sockets handed to an 'upgrade' or 'connect' listener, with the request that did it. */
  readonly #handovers = new Map<Socket, Handover>()
  /** Responses their handler declared long-lived. */
  readonly #markedStreams = new WeakSet<ServerResponse>()
  /** From closeLongLived() on: the long-lived sockets and HTTP/2 streams it waits for. */
  #longLivedWaiting: Set<LongLivedHandle> | undefined
  #longLivedClosing: Promise<LongLivedResult> | undefined
  /** Settles closeLongLived() before its timeout: its last socket closed, or stop(). */
  #longLivedDone: (() => void) | undefined
  /** Responses whose socket is ended once they are out. */
  readonly #endAfter = new WeakSet<ServerResponse>()
  readonly #waiters = new Set<Waiter>()
  #lingered: Promise<DrainResult> | undefined
  #drained: Promise<DrainResult> | undefined

  /** The HTTP/2 sessions, on an HTTP/2 server. */
  readonly #http2: Http2Sessions | undefined

  constructor (defaultTimeout: number, internals: NodeInternals, http2?: { sessionTimeout: number | undefined }) {
    this.#defaultTimeout = defaultTimeout
    this.#internals = internals
    this.#http2 = http2 === undefined
      ? undefined
      : new Http2Sessions(http2.sessionTimeout, () => { this.#settleIfEmpty() }, stream => { this.#longLivedEnded(stream) })
    const socketClosed = this.#socketClosed.bind(this)
    // One shared listener for every socket: no closure per connection.
    this.#onSocketClose = function (this: Socket) { socketClosed(this) }
  }

  get open (): number { return this.#sockets.size + (this.#http2?.size ?? 0) }
  get active (): number { return this.snapshot().active }
  get idle (): number { return this.snapshot().idle }
  get upgraded (): number { return this.snapshot().upgraded }
  get accepted (): number { return this.#accepted + (this.#http2?.accepted ?? 0) }
  get closed (): number { return this.#closed + (this.#http2?.closed ?? 0) }
  get requests (): number { return this.#requests + (this.#http2?.requests ?? 0) }
  get requestsPerConnection (): number { return this.accepted === 0 ? 0 : this.requests / this.accepted }
  get draining (): boolean { return this.#closing }

  get streams (): number { return this.snapshot().streams }
  get sessions (): number { return this.#http2?.size ?? 0 }
  get http2Streams (): number { return this.snapshot().http2Streams }

  snapshot (): ConnectionSnapshot {
    let active = 0
    let upgraded = 0
    let streams = 0
    for (const socket of this.#sockets.keys()) {
      if (this.#isUpgraded(socket)) {
        upgraded++
        continue
      }
      const response = this.#internals.currentResponse(socket)
      if (response === undefined) continue
      if (isStream(response, this.#markedStreams)) streams++
      else active++
    }
    const sessions = this.#http2?.counts()
    if (sessions !== undefined) {
      active += sessions.active
      streams += sessions.longLived
    }
    return {
      open: this.open,
      active,
      idle: this.open - active - upgraded - streams,
      upgraded,
      streams,
      sessions: sessions?.sessions ?? 0,
      http2Streams: sessions?.streams ?? 0,
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

  /**
   * Starts counting; connectionEvent is 'secureConnection' for TLS, where req.socket is the TLS
   * socket. `http1` is false for a cleartext HTTP/2 server, which carries no HTTP/1.1 at all.
   */
  attach (server: TrackableServer, connectionEvent: 'connection' | 'secureConnection', http1 = true): void {
    this.#server = server
    this.#http2?.attach(server)
    if (!http1) return
    server.on(connectionEvent, this.#onConnection)
    const record = this.#internals.recordResponse
    // An HTTP/2 server's 'request' also carries its streams' compatibility responses, which are
    // counted from 'stream' and must never get `Connection: close` (HTTP/2 forbids the header).
    const onRequest = this.#http2 === undefined ? this.#onRequest : this.#onHttp1Request
    // First in line, so that `Connection: close` is set before Fastify's handler can answer synchronously.
    server.prependListener('request', record === undefined
      ? onRequest
      : (req: IncomingMessage, res: ServerResponse) => { if (res instanceof ServerResponse) record(req, res); onRequest(req, res) })
    watchUpgrades(server, (socket, event, request) => { this.#handedOverSocket(socket, event, request) })
  }

  readonly #onConnection = (socket: Socket): void => {
    // An HTTP/2 connection over TLS is tracked as its session; only HTTP/1.1 (ALPN) is a socket here.
    if (this.#http2 !== undefined && (socket as Partial<tls.TLSSocket>).alpnProtocol === 'h2') return
    this.#sockets.set(socket, performance.now())
    this.#accepted++
    socket.on('close', this.#onSocketClose)
    // A connection accepted while closing (drain() leaves the listener open) is waited for too.
    this.#waiting?.add(socket)
  }

  readonly #onRequest = (_req: IncomingMessage, res: ServerResponse): void => {
    this.#requests++
    if (this.#closing) res.setHeader('Connection', 'close')
  }

  readonly #onHttp1Request = (req: IncomingMessage, res: ServerResponse | Http2ServerResponse): void => {
    if (res instanceof ServerResponse) this.#onRequest(req, res)
  }

  #handedOverSocket (socket: Socket, event: 'upgrade' | 'connect', request: IncomingMessage): void {
    if (!this.#sockets.has(socket)) return
    this.#handovers.set(socket, handoverOf(event, request))
    this.#stopWaitingFor(socket)
  }

  #socketClosed (socket: Socket): void {
    this.#sockets.delete(socket)
    this.#handovers.delete(socket)
    this.#closed++
    this.#stopWaitingFor(socket)
    this.#longLivedEnded(socket)
  }

  #longLivedEnded (handle: LongLivedHandle): void {
    if (this.#longLivedWaiting?.delete(handle) === true && this.#longLivedWaiting.size === 0) this.#longLivedDone?.()
  }

  #stopWaitingFor (socket: Socket): void {
    if (this.#waiting?.delete(socket) === true) this.#settleIfEmpty()
  }

  /** How many connections a closing phase (it has begun) still waits for: HTTP/1.1 sockets and HTTP/2 sessions. */
  #remaining (): number {
    return this.#waiting!.size + (this.#http2?.size ?? 0)
  }

  #settleIfEmpty (): void {
    if (this.#waiting !== undefined && this.#remaining() === 0) {
      for (const waiter of [...this.#waiters]) waiter.settle(false)
    }
  }

  #isUpgraded (socket: Socket): boolean {
    return this.#internals.isUpgraded?.(socket) ?? this.#handovers.has(socket)
  }

  /** The long-lived connections open now (sockets and HTTP/2 streams), each with what it is. */
  #longLivedSockets (): Map<LongLivedHandle, LongLivedConnection> {
    const now = performance.now()
    const found = new Map<LongLivedHandle, LongLivedConnection>(this.#http2?.longLivedStreams(now))
    for (const [socket, acceptedAt] of this.#sockets) {
      const connectionAgeMs = Math.round(now - acceptedAt)
      if (this.#isUpgraded(socket)) {
        /* c8 ignore next -- the watcher sees every handover; Node marking a socket it missed is only a safety net */
        const handover = this.#handovers.get(socket) ?? { kind: 'upgraded', method: '', url: '' }
        found.set(socket, { ...handover, connectionAgeMs })
        continue
      }
      const response = this.#internals.currentResponse(socket)
      if (response === undefined || !isStream(response, this.#markedStreams)) continue
      /* c8 ignore next 2 -- Node always sets both on a server request; the types allow undefined */
      found.set(socket, { kind: 'stream', method: response.req.method ?? '', url: response.req.url ?? '', connectionAgeMs })
    }
    return found
  }

  #socketsBetweenRequests (): Set<unknown> | undefined {
    return this.#server === undefined ? undefined : this.#internals.socketsBetweenRequests(this.#server)
  }

  /** Turns on `Connection: close` and lists the HTTP sockets to wait for; once. */
  #startClosing (): Set<Socket> {
    if (this.#waiting === undefined) {
      this.#closing = true
      this.#waiting = new Set()
      for (const socket of this.#sockets.keys()) if (!this.#isUpgraded(socket)) this.#waiting.add(socket)
    }
    return this.#waiting
  }

  closeAfterResponses (options: DrainOptions = {}): Promise<DrainResult> {
    if (this.#lingered !== undefined) return this.#lingered
    const timeout = drainTimeoutOf('closeAfterResponses', options, this.#defaultTimeout)
    if (timeout instanceof Error) return Promise.reject(timeout)
    for (const socket of this.#startClosing()) {
      if (this.#internals.currentResponse(socket) !== undefined) this.#closeAfterResponse(socket)
    }
    this.#http2?.announce()
    this.#lingered = this.#untilEmpty(timeout)
    return this.#lingered
  }

  drain (options: DrainOptions = {}): Promise<DrainResult> {
    if (this.#drained !== undefined) return this.#drained
    const timeout = drainTimeoutOf('drain', options, this.#defaultTimeout)
    if (timeout instanceof Error) return Promise.reject(timeout)
    const waiting = this.#startClosing()
    const between = this.#socketsBetweenRequests()
    for (const socket of waiting) {
      if (this.#internals.currentResponse(socket) !== undefined) {
        this.#closeAfterResponse(socket)
      } else if (socket.bytesRead === 0 || between === undefined || between.has(socket)) {
        closeBetweenRequests(socket)
      }
      // Otherwise part of the next request is in: it will be served, with `Connection: close`.
    }
    this.#http2?.closeAll()
    this.#drained = this.#untilEmpty(timeout)
    return this.#drained
  }

  openRequests (): OpenRequest[] {
    const now = performance.now()
    const open: OpenRequest[] = []
    for (const [socket, acceptedAt] of this.#sockets) {
      if (this.#isUpgraded(socket)) continue
      const response = this.#internals.currentResponse(socket)
      if (response === undefined || isStream(response, this.#markedStreams)) continue
      const request = response.req
      open.push({
        /* c8 ignore next 2 -- Node always sets both on a server request; the types allow undefined */
        method: request.method ?? '',
        url: request.url ?? '',
        connectionAgeMs: Math.round(now - acceptedAt)
      })
    }
    if (this.#http2 !== undefined) open.push(...this.#http2.openStreams(now))
    return open
  }

  longLived (): LongLivedConnection[] {
    return [...this.#longLivedSockets().values()]
  }

  markLongLived (response: ServerResponse | Http2ServerResponse): void {
    if (response instanceof ServerResponse) this.#markedStreams.add(response)
    else this.#http2?.mark(response.stream)
  }

  closeLongLived (options: LongLivedOptions = {}): Promise<LongLivedResult> {
    if (this.#longLivedClosing !== undefined) return this.#longLivedClosing
    const timeout = drainTimeoutOf('closeLongLived', options, this.#defaultTimeout)
    if (timeout instanceof Error) return Promise.reject(timeout)
    const waiting = new Set(this.#longLivedSockets().keys())
    const initial = waiting.size
    this.#longLivedWaiting = waiting
    // A stream's socket is closed once its response ends, whatever closing phase is on.
    for (const handle of waiting) if (isSocket(handle) && !this.#isUpgraded(handle)) this.#closeAfterResponse(handle)
    if (initial === 0) {
      this.#longLivedClosing = Promise.resolve({ closed: 0, cut: [], timedOut: false })
      return this.#longLivedClosing
    }
    this.#longLivedClosing = new Promise(resolve => {
      const finish = (timedOut: boolean): void => {
        clearTimeout(timer)
        this.#longLivedDone = undefined
        const cut: LongLivedConnection[] = []
        if (timedOut) {
          // Every long-lived connection left, including one that became long-lived since the call.
          for (const [handle, connection] of this.#longLivedSockets()) {
            cut.push(connection)
            if (isSocket(handle)) handle.destroy()
            else this.#http2?.cut(handle)
          }
        }
        resolve({ closed: initial - waiting.size, cut, timedOut })
      }
      const timer = setTimeout(() => { finish(true) }, timeout)
      timer.unref()
      this.#longLivedDone = () => { finish(false) }
    })
    return this.#longLivedClosing
  }

  /** Marks the response in progress `Connection: close`, or ends the socket after it if its headers already left. */
  #closeAfterResponse (socket: Socket): void {
    const response = this.#internals.currentResponse(socket)
    if (response === undefined) {
      const between = this.#socketsBetweenRequests()
      // A non-empty parser holds the start of the next request: it is served, with `Connection: close`.
      if (between === undefined || between.has(socket)) closeBetweenRequests(socket)
    } else if (!response.headersSent) {
      response.setHeader('Connection', 'close')
    } else if (!this.#endAfter.has(response)) {
      this.#endAfter.add(response)
      // Node's own 'finish' listener runs first and hands the socket to the next pipelined response, if any.
      response.once('finish', () => { this.#closeAfterResponse(socket) })
    }
  }

  /** Resolves once no HTTP socket is left to wait for, or after `timeout` ms. */
  #untilEmpty (timeout: number): Promise<DrainResult> {
    const waiting = this.#waiting!
    const result = (timedOut: boolean): DrainResult => ({ remaining: this.#remaining(), upgraded: this.#sockets.size - waiting.size, timedOut })
    if (this.#remaining() === 0) return Promise.resolve(result(false))
    return new Promise(resolve => {
      const waiter: Waiter = {
        settle: (timedOut) => {
          clearTimeout(timer)
          this.#waiters.delete(waiter)
          resolve(result(timedOut))
        }
      }
      const timer = setTimeout(() => { waiter.settle(true) }, timeout)
      timer.unref()
      this.#waiters.add(waiter)
    })
  }

  stop (): void {
    for (const waiter of [...this.#waiters]) waiter.settle(false)
    this.#longLivedDone?.()
    this.#http2?.stop()
  }
}

function isSocket (handle: LongLivedHandle): handle is Socket {
  return !('session' in handle)
}

/**
 * Tracks the connections of an HTTP server (http, https, HTTP/2 with or without TLS) from its raw
 * events: the tracker behind `fastify.connections`, and the one @groundwork/graceful-close makes
 * for itself when keep-alive is not registered. Create it before the server listens: connections
 * accepted earlier are not tracked. For anything else (an inject-only stub) it is inert: all
 * zeros, and the closing phases resolve at once. Node's private state it reads is probed here, once; when some is
 * missing, one warning goes to `options.log` and public API takes its place.
 */
export function trackConnections (server: unknown, options: TrackOptions = {}): TrackedConnections {
  const problems = trackOptionsCheck.problems(options)
  if (problems.length > 0) throw new GW_KEEP_ALIVE_INVALID_OPTION('trackConnections() options', describeProblems(problems))
  const drainTimeout = options.drainTimeout ?? DEFAULT_DRAIN_TIMEOUT
  const http2 = isHttp2Server(server)
  // Never attached, so it never has a socket to ask about: no probe.
  if (!isHttp1Server(server) && !http2) return new Connections(drainTimeout, nodeInternals({ response: false, parser: false, connectionsList: undefined }))
  const internals = probeNodeInternals()
  if (internals.fallbacks.length > 0) {
    options.log?.warn({ keepAlive: { fallbacks: internals.fallbacks } },
      `@groundwork/keep-alive: Node ${process.versions.node} lacks private state the connection tracker reads; public fallbacks in use: ${internals.fallbacks.join('; ')}`)
  }
  const tracker = new Connections(drainTimeout, internals, http2 ? { sessionTimeout: options.sessionTimeout } : undefined)
  const secure = server instanceof tls.Server
  // A cleartext HTTP/2 server carries no HTTP/1.1; over TLS, ALPN may still pick HTTP/1.1 (allowHTTP1).
  tracker.attach(server as TrackableServer, secure ? 'secureConnection' : 'connection', !http2 || secure)
  return tracker
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
function closeBetweenRequests (socket: Socket): void {
  socket.pause()
  socket.destroySoon()
}
