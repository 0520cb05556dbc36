import { defineRoute } from '@groundwork/routing'

/** Live numbers for the web page: keep-alive's connection tracking, request totals, uptime. */
export const statsRoute = defineRoute({
  method: 'GET',
  url: '/stats',
  handler: async (request) => {
    const app = request.server
    const connections = app.connections.snapshot()
    return {
      connections,
      requests: {
        total: connections.requests,
        perConnection: connections.requestsPerConnection
      },
      users: app.users.size,
      uptimeSeconds: Math.round((performance.now() - app.startedAt) / 100) / 10
    }
  }
})
