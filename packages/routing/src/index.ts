import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'

export interface RouteTableEntry { method: string, url: string }

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: () => RouteTableEntry[]
  }
}

const routing: FastifyPluginAsync = async (fastify) => {
  const routes: RouteTableEntry[] = []
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url })
  })
  fastify.decorate('routeTable', () => routes.slice())
}

export default fp(routing, { name: '@groundwork/routing', fastify: '5.x' })
