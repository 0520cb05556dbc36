import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'

const body: FastifyPluginAsync = async (fastify) => {
  fastify.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, payload, done) => {
    done(null, payload)
  })
}

export default fp(body, { name: '@groundwork/body', fastify: '5.x' })
