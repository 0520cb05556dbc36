import type { FastifyInstance } from 'fastify'

/**
 * The live numbers, one body for every route that shows them (GET /api/stats, the `stats` events of
 * /api/events, the pushes of /api/ws), so the page and any client read the same shape everywhere.
 * `pid` tells a client which process answered: after a restart behind the same address it changes.
 */
export function statsBody (app: FastifyInstance) {
  const connections = app.connections.snapshot()
  return {
    pid: process.pid,
    connections,
    requests: {
      total: connections.requests,
      perConnection: connections.requestsPerConnection
    },
    users: app.users.size,
    uptimeSeconds: Math.round((performance.now() - app.startedAt) / 100) / 10
  }
}

export type StatsBody = ReturnType<typeof statsBody>
