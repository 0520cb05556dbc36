import net from 'node:net'
import tls from 'node:tls'

/**
 * An HTTP/2 server (`http2.createServer()` or `createSecureServer()`). Node exports neither class;
 * updateSettings() is public API only they have among net.Server subclasses.
 */
export function isHttp2Server (server: unknown): server is net.Server {
  return server instanceof net.Server && typeof (server as { updateSettings?: unknown }).updateSettings === 'function'
}

/** A server that speaks TLS: HTTPS, or HTTP/2 over TLS. */
export function isTlsServer (server: unknown): server is tls.Server {
  return server instanceof tls.Server
}
