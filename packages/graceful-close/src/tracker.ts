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
  #draining = false
  #drain: Promise<DrainResult> | undefined
  #settle: (() => void) | undefined

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
      if (this.#draining) res.setHeader('Connection', 'close')
    })
  }

  #track (socket: Socket): void {
    this.#sockets.set(socket, undefined)
    socket.once('close', () => {
      this.#sockets.delete(socket)
      if (this.#sockets.size === 0) this.#settle?.()
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
   * Every later response says `Connection: close`, idle sockets get a FIN now, busy ones end after
   * their response. Resolves when no socket is left or after `timeout` ms. Idempotent.
   */
  drain (options: { timeout: number }): Promise<DrainResult> {
    if (this.#drain !== undefined) return this.#drain
    this.#draining = true
    for (const [socket, current] of this.#sockets) {
      if (this.#idle(socket)) {
        socket.end()
      } else if (!current!.res.headersSent) {
        current!.res.setHeader('Connection', 'close')
      } else {
        // Headers already promised keep-alive: end the socket once this response is out.
        current!.res.once('finish', () => {
          setImmediate(() => { if (this.#idle(socket)) socket.end() })
        })
      }
    }
    this.#drain = new Promise<DrainResult>(resolve => {
      if (this.#sockets.size === 0) {
        resolve({ remaining: 0, timedOut: false })
        return
      }
      const timer = setTimeout(() => {
        this.#settle = undefined
        resolve({ remaining: this.#sockets.size, timedOut: true })
      }, options.timeout)
      timer.unref()
      this.#settle = () => {
        this.#settle = undefined
        clearTimeout(timer)
        resolve({ remaining: 0, timedOut: false })
      }
    })
    return this.#drain
  }
}
