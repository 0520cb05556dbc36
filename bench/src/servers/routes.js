// 200 routes on bare Fastify, or on Fastify with @groundwork/routing registered first.
import Fastify from 'fastify'
import { listenFastify } from './listen.js'

/** Four routes per resource: a list, a create, a read and an update, half static, half parametric. */
export const routesPerResource = 4

/**
 * @param {{ routing: boolean, resources: number }} options
 */
export async function start ({ routing, resources }) {
  const app = Fastify({ logger: false })
  if (routing) {
    const { default: routingPlugin } = await import('@groundwork/routing')
    await app.register(routingPlugin)
  }
  for (let i = 0; i < resources; i++) {
    app.get(`/r${i}`, async () => ({ resource: i }))
    app.post(`/r${i}`, async () => ({ created: i }))
    app.get(`/r${i}/:id`, async (request) => ({ resource: i, id: /** @type {{ id: string }} */ (request.params).id }))
    app.put(`/r${i}/:id`, async (request) => ({ resource: i, updated: /** @type {{ id: string }} */ (request.params).id }))
  }
  return listenFastify(app)
}
