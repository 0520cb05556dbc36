// Clients for each transport the demo serves, with one shape of answer, so a test can ask the same
// questions over HTTP/1.1, HTTPS, h2c and h2 and compare.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { connect, constants, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2'
import { once } from 'node:events'
import type { TLSSocket } from 'node:tls'

export interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  /** '1.1' or '2.0', as the client read the response. */
  httpVersion: string
  /** What ALPN settled on: 'h2', 'http/1.1', 'h2c' for cleartext HTTP/2, false without ALPN or TLS. */
  alpn: string | false
}

export interface RequestSpec {
  method?: string
  path: string
  headers?: Record<string, string>
  body?: string
  /** For a stream that does not end (an event stream): answer once the body read so far matches, then leave. */
  until?: RegExp
}

export interface TestClient {
  request: (spec: RequestSpec) => Promise<Answer>
  close: () => Promise<void>
}

export interface ClientTls {
  /** The server's self-signed certificate, trusted as the only CA: the connection is verified, not waved through. */
  ca: Buffer
}

/** HTTP/1.1 over one kept-alive connection, over TLS (ALPN offering http/1.1 only) when `tls` is given. */
export function http1Client (port: number, tls?: ClientTls): TestClient {
  const agent = tls === undefined
    ? new HttpAgent({ keepAlive: true, maxSockets: 1 })
    : new HttpsAgent({ keepAlive: true, maxSockets: 1, ca: tls.ca, ALPNProtocols: ['http/1.1'] })
  const send = tls === undefined ? httpRequest : httpsRequest
  return {
    request: async (spec) => await new Promise((resolve, reject) => {
      const req = send({ host: '127.0.0.1', port, agent, method: spec.method ?? 'GET', path: spec.path, headers: spec.headers }, (res: IncomingMessage) => {
        res.setEncoding('utf8')
        // Read now: once the response ends the socket goes back to the agent and res.socket is null.
        const alpn = tls === undefined ? false : ((res.socket as TLSSocket).alpnProtocol ?? false)
        let body = ''
        const answer = (): Answer => ({
          status: res.statusCode as number,
          headers: res.headers,
          body,
          httpVersion: res.httpVersion,
          alpn
        })
        res.on('data', (chunk: string) => {
          body += chunk
          if (spec.until?.test(body) === true) {
            resolve(answer())
            req.destroy()
          }
        })
        res.on('end', () => { resolve(answer()) })
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end(spec.body)
    }),
    close: async () => { agent.destroy() }
  }
}

export interface Http2TestClient extends TestClient {
  session: ClientHttp2Session
}

/** HTTP/2 over one session: h2c (prior knowledge) without `tls`, h2 over TLS (ALPN offering h2 only) with it. */
export async function http2Client (port: number, tls?: ClientTls): Promise<Http2TestClient> {
  const session = tls === undefined
    ? connect(`http://127.0.0.1:${port}`)
    : connect(`https://127.0.0.1:${port}`, { ca: tls.ca, ALPNProtocols: ['h2'] })
  await Promise.race([
    once(session, 'connect'),
    once(session, 'error').then(([error]) => { throw error })
  ])
  return {
    session,
    request: async (spec) => await new Promise((resolve, reject) => {
      const stream = session.request({ ':method': spec.method ?? 'GET', ':path': spec.path, ...spec.headers })
      stream.setEncoding('utf8')
      let headers: IncomingHttpHeaders = {}
      let body = ''
      const answer = (): Answer => {
        const { ':status': status, ...rest } = headers
        return { status: Number(status), headers: rest, body, httpVersion: '2.0', alpn: session.alpnProtocol ?? false }
      }
      stream.on('response', (received) => { headers = received })
      stream.on('data', (chunk: string) => {
        body += chunk
        if (spec.until?.test(body) === true) {
          resolve(answer())
          stream.close(constants.NGHTTP2_CANCEL)
        }
      })
      stream.on('end', () => { resolve(answer()) })
      stream.on('error', reject)
      stream.end(spec.body)
    }),
    close: async () => {
      if (session.closed) return
      const closed = once(session, 'close')
      session.close()
      await closed
    }
  }
}
