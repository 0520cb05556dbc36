import t from 'tap'
import Fastify from 'fastify'
import { Type } from 'typebox'
import routing from '../src/index.js'

t.test('routeTable() lists method, url, constraints and hasSchema of every route registered after routing', async (t) => {
  const app = Fastify({ exposeHeadRoutes: false })
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/users', { schema: { querystring: Type.Object({ page: Type.Optional(Type.Integer()) }) } }, async () => [])
  app.route({ method: ['PUT', 'DELETE'], url: '/users/:id', handler: async () => ({}) })
  app.get('/h', { constraints: { host: /^api\./, version: '1.0.0' } }, async () => 'h')
  await app.register(async (instance) => { instance.get('/x', async () => 'x') }, { prefix: '/v1' })
  await app.ready()
  t.same(app.routeTable(), [
    { method: 'GET', url: '/users', constraints: {}, hasSchema: true },
    { method: 'PUT', url: '/users/:id', constraints: {}, hasSchema: false },
    { method: 'DELETE', url: '/users/:id', constraints: {}, hasSchema: false },
    { method: 'GET', url: '/h', constraints: { host: '/^api\\./', version: '1.0.0' }, hasSchema: false },
    { method: 'GET', url: '/v1/x', constraints: {}, hasSchema: false }
  ])
  const copy = app.routeTable()
  copy[0]!.url = '/changed'
  copy[3]!.constraints.host = 'changed'
  t.equal(app.routeTable()[0]!.url, '/users', 'callers get copies')
  t.equal(app.routeTable()[3]!.constraints.host, '/^api\\./')
})

t.test('custom constraint values are shown as JSON', async (t) => {
  const app = Fastify({
    exposeHeadRoutes: false,
    constraints: {
      tier: {
        name: 'tier',
        storage: () => { const map = new Map(); return { get: (k: unknown) => map.get(JSON.stringify(k)) ?? null, set: (k: unknown, v: unknown) => { map.set(JSON.stringify(k), v) } } },
        deriveConstraint: () => ({ level: 1 }),
        validate: () => true
      }
    }
  })
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/t', { constraints: { tier: { level: 1 } } }, async () => 't')
  await app.ready()
  t.same(app.routeTable(), [{ method: 'GET', url: '/t', constraints: { tier: '{"level":1}' }, hasSchema: false }])
})

t.test('the opt-in GET route serves the table as JSON', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing, { routeTable: { expose: true, url: '/internal/routes' } })
  app.get('/users', async () => [])
  const response = await app.inject('/internal/routes')
  t.equal(response.statusCode, 200)
  t.same(response.json(), app.routeTable())
  t.ok(response.json().some((entry: { url: string }) => entry.url === '/users'))
})

t.test('the table route is off by default', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  t.equal((await app.inject('/_routes')).statusCode, 404)
})

t.test('two apps in one process share nothing', async (t) => {
  const one = Fastify()
  const two = Fastify()
  t.teardown(() => Promise.all([one.close(), two.close()]))
  await one.register(routing)
  await two.register(routing)
  one.get('/one', async () => 1)
  two.post('/two', async () => 2)
  await Promise.all([one.ready(), two.ready()])
  t.same(one.routeTable().map((entry) => entry.url), ['/one', '/one'])
  t.equal((await two.inject({ method: 'GET', url: '/one' })).statusCode, 404)
  t.equal((await one.inject({ method: 'GET', url: '/two' })).statusCode, 404)
})
