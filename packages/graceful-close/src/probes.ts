import type { FastifyInstance } from 'fastify'
import type { Phase } from './sequence.js'

/**
 * Readiness answers 200 only between `onReady` and the start of a shutdown, so load balancers that
 * watch it stop routing here before the listener closes. Liveness stays 200 until the process
 * exits: restarting a draining instance would only lose its in-flight work.
 */
export function addProbes (
  fastify: FastifyInstance,
  paths: { readinessPath: string, livenessPath: string },
  phase: () => Phase
): void {
  fastify.get(paths.readinessPath, (_request, reply) => {
    const current = phase()
    reply.header('cache-control', 'no-store')
    if (current === 'ready') {
      reply.send({ status: 'ready' })
    } else {
      reply.code(503).send({ status: current === 'starting' ? 'starting' : 'shutting-down' })
    }
  })
  fastify.get(paths.livenessPath, (_request, reply) => {
    reply.header('cache-control', 'no-store').send({ status: 'live' })
  })
}
