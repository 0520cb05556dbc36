import t from 'tap'
import Fastify from 'fastify'
import routing from '../src/index.js'

t.test('the route table lists routes registered after the plugin', async t => {
  const app = Fastify({ exposeHeadRoutes: false })
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/users', async () => [])
  app.route({ method: ['PUT', 'DELETE'], url: '/users/:id', handler: async () => ({}) })
  await app.ready()
  t.same(app.routeTable(), [
    { method: 'GET', url: '/users' },
    { method: 'PUT', url: '/users/:id' },
    { method: 'DELETE', url: '/users/:id' }
  ])
})
