import type { FastifyPluginAsync } from 'fastify'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'
import { GW_STATIC_INVALID_OPTION } from './errors.js'

export interface StaticOptions { root: string, prefix?: string }

const staticFiles: FastifyPluginAsync<StaticOptions> = async (fastify, opts) => {
  if (typeof opts.root !== 'string' || opts.root.length === 0) {
    throw new GW_STATIC_INVALID_OPTION('root', 'must be a non-empty path')
  }
  await fastify.register(fastifyStatic, { root: opts.root, prefix: opts.prefix ?? '/', dotfiles: 'deny', list: false })
}

export { GW_STATIC_INVALID_OPTION }
export default fp(staticFiles, { name: '@groundwork/static', fastify: '5.x' })
