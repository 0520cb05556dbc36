import type { FastifyInstance } from 'fastify'
import type { Readiness } from './readiness.js'
import type { Phase } from './sequence.js'

/** What `GET /health/ready` says: why it is 503, when it is. */
export type ReadinessStatus = 'ready' | 'starting' | 'shutting-down' | 'maintenance' | 'not-ready'

/**
 * Readiness answers 200 only between `onReady` and the start of a shutdown, outside maintenance,
 * and once every readiness check has passed at least once and passes now, so load balancers that
 * watch it stop routing here before the listener closes. Liveness stays 200 until the process
 * exits: restarting a draining instance, or one in maintenance, would only lose its in-flight work.
 */
export function addProbes (
  fastify: FastifyInstance,
  paths: { readinessPath: string, livenessPath: string },
  phase: () => Phase,
  readiness: Readiness
): void {
  fastify.get(paths.readinessPath, async (_request, reply) => {
    reply.header('cache-control', 'no-store')
    const current = phase()
    if (current !== 'ready') return reply.code(503).send({ status: current === 'starting' ? 'starting' : 'shutting-down' })
    if (readiness.maintenance) return reply.code(503).send({ status: 'maintenance' })
    if (readiness.size === 0) return reply.send({ status: 'ready' })
    const { passing, passedOnce, checks } = await readiness.evaluate()
    // A shutdown or the maintenance switch may have come while the checks ran.
    const status: ReadinessStatus = phase() !== 'ready'
      ? 'shutting-down'
      : readiness.maintenance ? 'maintenance' : !passedOnce ? 'starting' : passing ? 'ready' : 'not-ready'
    return reply.code(status === 'ready' ? 200 : 503).send({ status, checks })
  })
  fastify.get(paths.livenessPath, (_request, reply) => {
    reply.header('cache-control', 'no-store').send({ status: 'live' })
  })
}
