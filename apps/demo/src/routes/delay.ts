import { setTimeout as sleep } from 'node:timers/promises'
import { Type } from 'typebox'
import { defineRoute } from '@groundwork/routing'

/** A slow request on demand: shows in-flight requests completing during a graceful shutdown. */
export const delayRoute = defineRoute({
  method: 'GET',
  url: '/delay/:ms',
  schema: {
    params: Type.Object({ ms: Type.Integer({ minimum: 0, maximum: 30_000 }) }),
    response: { 200: Type.Object({ waitedMs: Type.Integer() }) }
  },
  handler: async (request) => {
    await sleep(request.params.ms)
    return { waitedMs: request.params.ms }
  }
})
