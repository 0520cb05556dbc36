import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FastifyBaseLogger } from 'fastify'
import type { Registry } from 'prom-client'
import { DEMO_METRICS_LISTEN } from './errors.js'

const explanations: Record<string, string> = {
  EADDRINUSE: 'the address is already in use (EADDRINUSE): stop the other process or pick another METRICS_PORT',
  EACCES: 'permission denied (EACCES): ports below 1024 need privileges; pick a higher METRICS_PORT',
  EADDRNOTAVAIL: 'no such address on this machine (EADDRNOTAVAIL): check METRICS_HOST'
}

// A scraper sends a small GET and reads a few kB: anything slower is not one, and must not hold the port.
const timeouts = { headersTimeout: 5000, requestTimeout: 10_000, keepAliveTimeout: 5000 }

/**
 * `GET /metrics` on a port of its own, in a plain node:http server: not the app's server, so
 * keep-alive neither counts nor drains its connections, and it keeps answering through the whole
 * shutdown (delaying, draining, closing) until the app's last onClose hook closes it.
 */
export class MetricsServer {
  readonly #server: Server
  readonly #log: FastifyBaseLogger
  #register: Registry | undefined
  #url: string | undefined

  // Made before the app's plugins, so that its onClose hook is the app's first and runs last; the
  // registry comes at listen(), once every plugin (and so every source of numbers) is there.
  constructor (log: FastifyBaseLogger) {
    this.#log = log
    // #answer() settles every request itself, errors included: nothing is left to await.
    this.#server = createServer(timeouts, async (request, response) => { await this.#answer(request, response) })
  }

  /** The registry it serves, from listen() on. */
  get register (): Registry | undefined {
    return this.#register
  }

  /** `http://host:port/metrics` once listening; undefined before and after. */
  get url (): string | undefined {
    return this.#url
  }

  /** Listens, and logs where; address problems become one DEMO_METRICS_LISTEN error, already logged. */
  async listen (register: Registry, port: number, host: string): Promise<string> {
    this.#register = register
    try {
      await new Promise<void>((resolve, reject) => {
        this.#server.once('error', reject)
        this.#server.listen(port, host, () => {
          this.#server.off('error', reject)
          resolve()
        })
      })
    } catch (error) {
      const code = (error as { code?: unknown }).code
      const explanation = explanations[String(code)] ?? (error as Error).message
      const failure = new DEMO_METRICS_LISTEN(`${host}:${port}`, explanation)
      this.#log.error({ code: failure.code, cause: code, host, port }, failure.message)
      throw failure
    }
    const address = this.#server.address() as AddressInfo
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
    this.#url = `http://${shownHost}:${address.port}/metrics`
    this.#log.info({ url: this.#url }, `Metrics listening on ${this.#url}`)
    return this.#url
  }

  /** Stops listening and ends every connection: it runs last, when nothing is left to watch. */
  async close (): Promise<void> {
    if (!this.#server.listening) return
    this.#url = undefined
    await new Promise<void>(resolve => {
      this.#server.close(() => { resolve() })
      this.#server.closeAllConnections()
    })
  }

  async #answer (request: IncomingMessage, response: ServerResponse): Promise<void> {
    // A server request always has a method and a url (only a client's IncomingMessage lacks them).
    const method = request.method as string
    const path = (request.url as string).split('?')[0] as string
    if (path !== '/metrics') {
      send(response, 404, { statusCode: 404, code: 'DEMO_METRICS_NOT_FOUND', error: 'Not Found', message: `${method} ${path} not found: this port serves GET /metrics only` })
      return
    }
    if (method !== 'GET' && method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD')
      send(response, 405, { statusCode: 405, code: 'DEMO_METRICS_METHOD_NOT_ALLOWED', error: 'Method Not Allowed', message: `${method} /metrics: use GET` })
      return
    }
    // Requests only arrive after listen(), which set it.
    const register = this.#register as Registry
    let text: string
    try {
      text = await register.metrics()
    } catch (error) {
      // A collector that throws is a bug of ours, not the scraper's: say so, and keep serving.
      this.#log.error({ err: error }, 'metrics: a collector failed')
      send(response, 500, { statusCode: 500, code: 'DEMO_METRICS_FAILED', error: 'Internal Server Error', message: 'a metrics collector failed; see the server log' })
      return
    }
    response.writeHead(200, { 'content-type': register.contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' })
    response.end(method === 'HEAD' ? undefined : text)
  }
}

function send (response: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body)
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) })
  response.end(text)
}
