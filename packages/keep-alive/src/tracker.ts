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

interface SocketState {
  inFlight: number
  /** The latest response on this socket while a request is in flight, so drain() can mark it. */
  response: ServerResponse | undefined
  /** socket.bytesRead when the socket last became idle: more bytes since means a request is arriving. */
  bytesAtIdle: number
}

/** A server that emits HTTP/1.1 connection and request events. */
export type TrackableServer = EventEmitter

/**
 * Counts connections and requests from raw http.Server events: O(1) per connection and per
 * request, and a closed socket is forgotten on its 'close' event.
 */
export class Connections implements ConnectionTracker {
  readonly #sockets = new Map<Socket, SocketState>()
  readonly #defaultDrainTimeout: number
  readonly #onFinish: (this: ServerResponse) => void
  #accepted = 0
  #closed = 0
  #requests = 0
  #active = 0
  #draining = false
  #drained: Promise<DrainResult> | undefined
  #settle: ((result: DrainResult) => void) | undefined
  #timer: NodeJS.Timeout | undefined

  constructor (defaultDrainTimeout: number) {
    this.#defaultDrainTimeout = defaultDrainTimeout
    const responseFinished = this.#responseFinished.bind(this)
    // One shared listener for every response: no allocation per request.
    this.#onFinish = function (this: ServerResponse) { responseFinished(this) }
  }

  get open (): number { return this.#sockets.size }
  get active (): number { return this.#active }
  get idle (): number { return this.#sockets.size - this.#active }
  get accepted (): number { return this.#accepted }
  get closed (): number { return this.#closed }
  get requests (): number { return this.#requests }
  get requestsPerConnection (): number { return this.#accepted === 0 ? 0 : this.#requests / this.#accepted }
  get draining (): boolean { return this.#draining }

  snapshot (): ConnectionSnapshot {
    return {
      open: this.open,
      active: this.active,
      idle: this.idle,
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
    server.on(connectionEvent, this.#onConnection)
    // First in line, so that `Connection: close` is set before Fastify's handler can answer synchronously.
    server.prependListener('request', this.#onRequest)
  }

  readonly #onConnection = (socket: Socket): void => {
    const state: SocketState = { inFlight: 0, response: undefined, bytesAtIdle: 0 }
    this.#sockets.set(socket, state)
    this.#accepted++
    socket.on('close', () => { this.#socketClosed(socket, state) })
  }

  readonly #onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    this.#requests++
    const state = this.#sockets.get(req.socket)
    if (state !== undefined) {
      if (state.inFlight++ === 0) this.#active++
      state.response = res
    }
    res.on('finish', this.#onFinish)
    if (this.#draining) res.setHeader('Connection', 'close')
  }

  #responseFinished (res: ServerResponse): void {
    const socket = res.req.socket
    const state = this.#sockets.get(socket)
    // Unknown when the socket has already closed, or was never tracked.
    if (state === undefined) return
    if (state.response === res) state.response = undefined
    if (--state.inFlight === 0) {
      this.#active--
      state.bytesAtIdle = socket.bytesRead
      // A response whose headers left before the drain could not say `Connection: close`.
      if (this.#draining && !socket.writableEnded) socket.end()
    }
  }

  #socketClosed (socket: Socket, state: SocketState): void {
    this.#sockets.delete(socket)
    this.#closed++
    if (state.inFlight > 0) this.#active--
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
    for (const [socket, state] of this.#sockets) {
      if (state.inFlight > 0) {
        if (state.response?.headersSent === false) state.response.setHeader('Connection', 'close')
      } else if (socket.bytesRead === state.bytesAtIdle && !isUpgraded(socket)) {
        // end(), not destroy(): a FIN lets the peer see an orderly close instead of a reset.
        socket.end()
      }
    }
    if (this.#sockets.size === 0) {
      this.#finishDrain(false)
    } else {
      this.#timer = setTimeout(() => { this.#finishDrain(true) }, timeout)
      this.#timer.unref()
    }
    return this.#drained
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

/** An upgraded socket (e.g. a WebSocket) belongs to its upgrade handler: Node detaches its HTTP parser. */
function isUpgraded (socket: Socket): boolean {
  return (socket as Socket & { parser?: unknown }).parser == null
}
