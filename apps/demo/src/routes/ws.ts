import type { WebsocketHandler } from '@fastify/websocket'
import { defineRoute } from '@groundwork/routing'
import { DEMO_UPGRADE_REQUIRED } from '../errors.js'
import { statsBody } from '../stats.js'

/** Close codes (RFC 6455, 7.4.1). */
const UNSUPPORTED_DATA = 1003

function isStatsSubscription (text: string): boolean {
  try {
    const message = JSON.parse(text) as { type?: unknown, topic?: unknown } | null
    return message?.type === 'subscribe' && message.topic === 'stats'
  } catch {
    return false
  }
}

/**
 * The WebSocket side of /api/ws. Every server message is JSON text: a `welcome` with the pid on open,
 * `echo` for each text message, and, after `{"type":"subscribe","topic":"stats"}`, a `stats` push at
 * once and every STATS_INTERVAL_MS. A binary message closes with 1003. At shutdown graceful-close
 * closes the socket with 1001 (it finds the clients through fastify.websocketServer).
 */
export const wsHandler: WebsocketHandler = function (socket, request) {
  const app = request.server
  let timer: NodeJS.Timeout | undefined
  const push = (): void => { socket.send(JSON.stringify({ type: 'stats', ...statsBody(app) })) }
  socket.send(JSON.stringify({ type: 'welcome', pid: process.pid }))
  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      socket.close(UNSUPPORTED_DATA, 'text messages only')
      return
    }
    const text = String(data)
    if (!isStatsSubscription(text)) {
      socket.send(JSON.stringify({ type: 'echo', data: text }))
      return
    }
    if (timer !== undefined) return
    push()
    timer = setInterval(push, app.statsIntervalMs).unref()
  })
  socket.on('close', () => { clearInterval(timer) })
}

/**
 * GET /api/ws: @fastify/websocket runs `wsHandler` for an upgrade request and `handler` for a plain
 * GET, which gets 426 naming the protocol to switch to rather than @fastify/websocket's bare 404.
 * Over HTTP/2 the 426 goes without `Upgrade` and `Connection`: RFC 9113 (8.2.2) forbids both, and
 * Node throws on them from writeHead, outside any handler, which would end the process. A WebSocket
 * needs an HTTP/1.1 connection there (with h2 over TLS, one that offers only http/1.1 in ALPN).
 */
export const wsRoute = {
  ...defineRoute({
    method: 'GET',
    url: '/ws',
    handler: async (request, reply) => {
      if (request.raw.httpVersionMajor === 1) reply.header('upgrade', 'websocket').header('connection', 'upgrade')
      throw new DEMO_UPGRADE_REQUIRED(request.url)
    }
  }),
  wsHandler
}
