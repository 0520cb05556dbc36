import type { EventEmitter } from 'node:events'
import type { Duplex } from 'node:stream'
import { GW_GRACEFUL_CLOSE_SHUTTING_DOWN } from './errors.js'

/**
 * From the start of a shutdown, answers every new upgrade request with 503 in Fastify's error
 * shape, `Retry-After: 1` and `Connection: close`, so that a WebSocket client reconnects through
 * the load balancer to another instance instead of getting a connection that the drain would
 * close a moment later. The app's own 'upgrade' listeners are taken off, not wrapped: Node calls
 * every listener of an event, so one that refuses first could not stop the others from taking the
 * socket. A server without upgrade listeners is left alone: Node serves such requests as plain
 * requests, which the shutdown already answers. Returns whether the refusal was installed.
 */
export function refuseUpgrades (server: EventEmitter): boolean {
  if (server.listenerCount('upgrade') === 0) return false
  server.removeAllListeners('upgrade')
  server.on('upgrade', refuse)
  return true
}

function refuse (_request: unknown, socket: Duplex): void {
  const error = new GW_GRACEFUL_CLOSE_SHUTTING_DOWN()
  const body = JSON.stringify({ statusCode: error.statusCode, code: error.code, error: 'Service Unavailable', message: error.message })
  // The peer may reset before reading the answer: nothing to do then.
  socket.on('error', () => {})
  // Destroyed once the answer is out: nothing the client sends after it is read.
  socket.once('finish', () => { socket.destroy() })
  socket.end('HTTP/1.1 503 Service Unavailable\r\n' +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Retry-After: 1\r\n' +
    'Cache-Control: no-store\r\n' +
    'Connection: close\r\n\r\n' +
    body)
}
