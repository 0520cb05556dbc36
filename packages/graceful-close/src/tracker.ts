import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { Server as TlsServer } from 'node:tls'

export interface DrainResult {
  remaining: number
  timedOut: boolean
}

export interface OpenRequest {
  method: string
  url: string
  ageMs: number
}

interface Current {
  req: IncomingMessage
  res: ServerResponse
  start: number
}

/**
 * Follows sockets and their current request through raw `http.Server` events: one map update per
 * request and one listener per connection, no Fastify hook. It knows which requests are open (for
 * the deadline log) and is the built-in drain used when @groundwork/keep-alive is not registered.
 */
export class ConnectionTracker {
  readonly #sockets = new Map<Socket, Current | undefined>()
  #closing = false
  #drain: Promise<DrainResult> | undefined
  readonly #waiters = new Set<() => void>()

  constructor (server: Server) {
    // With TLS a request's socket is the TLSSocket, which 'secureConnection' hands out.
    /* c8 ignore next -- the https branch is one event name; the suite serves plain http */
    const event = server instanceof TlsServer ? 'secureConnection' : 'connection'
    server.on(event, (socket: Socket) => this.#track(socket))
    // Prepended so the header is set before Fastify's handler can write the response.
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      const socket = req.socket
      if (!this.#sockets.has(socket)) this.#track(socket)
      this.#sockets.set(socket, { req, res, start: performance.now() })
      if (this.#closing) res.setHeader('Connection', 'close')
    })
  }

  #track (socket: Socket): void {
    this.#sockets.set(socket, undefined)
    socket.once('close', () => {
      this.#sockets.delete(socket)
      if (this.#sockets.size === 0) for (const waiter of [...this.#waiters]) waiter()
    })
  }

  #idle (socket: Socket): boolean {
    const current = this.#sockets.get(socket)
    return current === undefined || current.res.writableFinished
  }

  openRequests (): OpenRequest[] {
    const now = performance.now()
    const open: OpenRequest[] = []
    for (const current of this.#sockets.values()) {
      if (current === undefined || current.res.writableFinished) continue
      open.push({
        /* c8 ignore next 2 -- Node always sets both on a server request; the types allow undefined */
        method: current.req.method ?? '',
        url: current.req.url ?? '',
        ageMs: Math.round(now - current.start)
      })
    }
    return open
  }

  /**
   * Every later response says `Connection: close` and its socket ends after it; a response whose
   * headers already promised keep-alive gets its socket ended once it is out. Idle sockets are
   * left alone, so a proxy that writes one more request on them gets an answer, not a FIN. Idempotent.
   */
  closeAfterResponses (): void {
    if (this.#closing) return
    this.#closing = true
    for (const [socket, current] of this.#sockets) {
      if (current === undefined || current.res.writableFinished) continue
      if (!current.res.headersSent) {
        current.res.setHeader('Connection', 'close')
      } else {
        current.res.once('finish', () => {
          setImmediate(() => { if (this.#idle(socket)) closeBetweenRequests(socket) })
        })
      }
    }
  }

  /** closeAfterResponses(), then waits up to `ms` for every kept-alive connection to go. */
  async linger (ms: number): Promise<void> {
    this.closeAfterResponses()
    await this.#empty(ms)
  }

  /**
   * closeAfterResponses(), and idle sockets get a FIN now. Resolves when no socket is left or
   * after `timeout` ms, with how many are left. Idempotent.
   */
  drain (options: { timeout: number }): Promise<DrainResult> {
    if (this.#drain !== undefined) return this.#drain
    this.closeAfterResponses()
    for (const socket of this.#sockets.keys()) {
      if (this.#idle(socket)) closeBetweenRequests(socket)
    }
    this.#drain = this.#empty(options.timeout).then(empty => ({ remaining: this.#sockets.size, timedOut: !empty }))
    return this.#drain
  }

  /** Resolves true once no socket is tracked, or false after `ms`. */
  #empty (ms: number): Promise<boolean> {
    if (this.#sockets.size === 0) return Promise.resolve(true)
    return new Promise(resolve => {
      const settle = (empty: boolean): void => {
        clearTimeout(timer)
        this.#waiters.delete(onEmpty)
        resolve(empty)
      }
      const onEmpty = (): void => settle(true)
      const timer = setTimeout(settle, ms, false)
      timer.unref()
      this.#waiters.add(onEmpty)
    })
  }
}

/**
 * Ends an idle socket and stops reading it. http.Server sockets are half-open, so after a mere
 * end() Node would still read and dispatch a request the peer wrote before it saw the FIN, and its
 * answer could never be sent. Paused, the socket answers such a request with a reset once closed:
 * never read, so a proxy may replay it safely (docs/deploy.md).
 */
function closeBetweenRequests (socket: Socket): void {
  socket.pause()
  socket.destroySoon()
}
