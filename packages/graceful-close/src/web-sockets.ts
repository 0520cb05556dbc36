import type { FastifyInstance } from 'fastify'

/** What graceful-close needs of a `ws` WebSocket: its state and its closing handshake. */
interface WebSocketLike {
  readyState: number
  close: (code?: number, reason?: string) => void
}

/** `ws`'s OPEN state. */
const OPEN = 1

/**
 * Starts the closing handshake, with `code` and `reason`, on every open WebSocket of
 * @fastify/websocket's server (its `websocketServer` decorator; `ws` keeps `clients` unless
 * clientTracking is off). Other WebSocket owners (a raw 'upgrade' listener) close theirs on
 * `fastify.shutdownSignal`. The shutdown's long-lived bound destroys whatever is not closed in
 * time. Returns how many were told.
 */
export function closeWebSockets (fastify: FastifyInstance, code: number, reason: string): number {
  if (!fastify.hasDecorator('websocketServer')) return 0
  const clients = (fastify as unknown as { websocketServer?: { clients?: Iterable<WebSocketLike> } }).websocketServer?.clients
  if (clients === undefined || typeof clients[Symbol.iterator] !== 'function') return 0
  let told = 0
  for (const client of clients) {
    if (client.readyState !== OPEN) continue
    client.close(code, reason)
    told++
  }
  return told
}
