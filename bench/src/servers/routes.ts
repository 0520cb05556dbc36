// 200 routes on bare Fastify, or on Fastify with @groundwork/routing registered first.
import Fastify from 'fastify'
import type { RunningServer } from './kinds.js'
import { listenFastify } from './listen.js'

/** Four routes per resource: a list, a create, a read and an update, half static, half parametric. */
export const routesPerResource = 4

export interface RoutesOptions {
  /** register @groundwork/routing first */
  routing: boolean
  /** how many resources, of routesPerResource routes each */
  resources: number
}

export async function start ({ routing, resources }: RoutesOptions): Promise<RunningServer> {
  const app = Fastify({ logger: false })
  if (routing) {
    const { default: routingPlugin } = await import('@groundwork/routing')
    await app.register(routingPlugin)
  }
  for (let i = 0; i < resources; i++) {
    app.get(`/r${i}`, async () => ({ resource: i }))
    app.post(`/r${i}`, async () => ({ created: i }))
    app.get<{ Params: { id: string } }>(`/r${i}/:id`, async (request) => ({ resource: i, id: request.params.id }))
    app.put<{ Params: { id: string } }>(`/r${i}/:id`, async (request) => ({ resource: i, updated: request.params.id }))
  }
  return listenFastify(app)
}
