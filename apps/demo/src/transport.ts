import type { ServerOptions as HttpServerOptions } from 'node:http'
import type { DemoConfig } from './config.js'
import type { TlsFiles } from './tls-files.js'

/**
 * What the public port speaks: `http` (HTTP/1.1), `https` (HTTP/1.1 over TLS), `h2c` (cleartext
 * HTTP/2, prior knowledge: no HTTP/1.1 at all on the port) or `h2` (HTTP/2 over TLS, with HTTP/1.1
 * still served to clients that do not offer h2 in ALPN).
 */
export type Transport = 'http' | 'https' | 'h2c' | 'h2'

/** The transport HTTP2 and TLS_CERT_FILE/TLS_KEY_FILE ask for. */
export function transportOf (config: Pick<DemoConfig, 'http2' | 'tls'>): Transport {
  if (config.http2) return config.tls === undefined ? 'h2c' : 'h2'
  return config.tls === undefined ? 'http' : 'https'
}

/** How the startup line names each transport (after the URL, whose scheme Fastify writes). */
export const transportNames: Readonly<Record<Transport, string>> = {
  http: 'http',
  https: 'https',
  h2c: 'h2c',
  h2: 'h2 + http/1.1 over TLS'
}

/** The text of the "listening" line: the address (scheme included) and the transport. */
export function listenText (transport: Transport): (address: string) => string {
  return (address) => `Server listening on ${address} (${transportNames[transport]})`
}

/** The part of Fastify's options that picks its server. */
export interface TransportOptions {
  http2?: true
  https?: HttpServerOptions & TlsFiles & { allowHTTP1?: true }
}

/**
 * Fastify's server options: HTTP/2 or not, TLS or not. `http1` is keep-alive's `serverOptions().http`,
 * which Fastify hands to the cleartext server only; for plain HTTPS it goes into `https` too, so
 * https.createServer (an http.Server over TLS) gets the same timeouts and connections check at
 * construction. http2.createSecureServer sets its HTTP/1.1 limits itself and ignores them there.
 */
export function transportOptions (http2: boolean, tls: TlsFiles | undefined, http1: HttpServerOptions): TransportOptions {
  if (tls === undefined) return http2 ? { http2: true } : {}
  // allowHTTP1: a client that offers only http/1.1 in ALPN (or no ALPN), and every WebSocket, is still served.
  return http2 ? { http2: true, https: { ...tls, allowHTTP1: true } } : { https: { ...http1, ...tls } }
}
