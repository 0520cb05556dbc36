import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'

export interface GracefulCloseOptions { readinessPath?: string, livenessPath?: string }

const gracefulClose: FastifyPluginAsync<GracefulCloseOptions> = async (fastify, opts) => {
  fastify.get(opts.readinessPath ?? '/health/ready', async () => ({ status: 'ready' }))
  fastify.get(opts.livenessPath ?? '/health/live', async () => ({ status: 'live' }))
}

export default fp(gracefulClose, { name: '@groundwork/graceful-close', fastify: '5.x' })
