import { defineRoute } from '@groundwork/routing'
import { statsBody } from '../stats.js'

/** Live numbers for a one-off look (the page itself streams them from /api/events). */
export const statsRoute = defineRoute({
  method: 'GET',
  url: '/stats',
  handler: async (request) => statsBody(request.server)
})
