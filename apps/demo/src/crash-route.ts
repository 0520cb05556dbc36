import { Type } from 'typebox'
import { defineRoute } from '@groundwork/routing'

export type CrashFn = (error: Error) => void

/** What the timer does by default: an exception nobody catches, as a real bug would raise. */
export const throwUncaught: CrashFn = (error) => { throw error }

/**
 * Test-only, enabled by DEMO_CRASH_ROUTE=1: POST /api/_crash schedules an exception outside any request,
 * so the e2e suite can check that a crash still lets in-flight requests finish and exits with 1.
 */
export function crashRoute (crash: CrashFn) {
  return defineRoute({
    method: 'POST',
    url: '/_crash',
    schema: {
      querystring: Type.Object({ afterMs: Type.Integer({ minimum: 0, maximum: 60_000, default: 100 }) })
    },
    handler: async (request, reply) => {
      const { afterMs } = request.query
      setTimeout(() => { crash(new Error(`Deliberate crash from POST /api/_crash after ${afterMs} ms`)) }, afterMs)
      return reply.code(202).send({ crashingInMs: afterMs })
    }
  })
}
