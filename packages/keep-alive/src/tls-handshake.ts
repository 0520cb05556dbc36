import type tls from 'node:tls'
import type { Socket } from 'node:net'

/**
 * Node arms a handshake timer for every TLS connection but, when nobody listens to
 * 'tlsClientError', leaves a socket whose timer fired open (measured on Node 20: a client that
 * sends nothing stays connected however short `handshakeTimeout` is). This listener makes the
 * timeout cut the client, and ends the socket of any other failed handshake the same way.
 */
function destroyFailedHandshake (_error: Error, socket: Socket): void {
  socket.destroy()
}

/**
 * Gives a TLS server a handshake timeout that is enforced. `key` is the server's own property for
 * the timeout (node-internals.ts); without it the timeout stays what the server was built with.
 * Returns whether the timeout was set, and an undo for the server's close.
 */
export function enforceHandshakeTimeout (server: tls.Server, timeout: number, key: symbol | undefined): { set: boolean, undo: () => void } {
  server.on('tlsClientError', destroyFailedHandshake)
  const undo = (): void => { server.removeListener('tlsClientError', destroyFailedHandshake) }
  if (key === undefined) return { set: false, undo }
  ;(server as unknown as Record<symbol, unknown>)[key] = timeout
  return { set: true, undo }
}
