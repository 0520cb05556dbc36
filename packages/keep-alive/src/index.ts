import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { GW_KEEPALIVE_INVALID_OPTION } from './errors.js'

export interface KeepAliveOptions {
  keepAliveTimeout?: number
}

const keepAlive: FastifyPluginAsync<KeepAliveOptions> = async (fastify, opts) => {
  const keepAliveTimeout = opts.keepAliveTimeout ?? 72_000
  if (!Number.isFinite(keepAliveTimeout) || keepAliveTimeout < 0) {
    throw new GW_KEEPALIVE_INVALID_OPTION('keepAliveTimeout', 'must be a finite number >= 0')
  }
  fastify.server.keepAliveTimeout = keepAliveTimeout
}

export { GW_KEEPALIVE_INVALID_OPTION }
export default fp(keepAlive, { name: '@groundwork/keep-alive', fastify: '5.x' })
