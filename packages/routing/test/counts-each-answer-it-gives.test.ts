import t from 'tap'
import Fastify, { type InjectOptions } from 'fastify'
import routing, { type RoutingMetrics } from '../src/index.js'

const zero: RoutingMetrics = { notFound: 0, methodNotAllowed: 0, optionsAnswered: 0, trailingSlashRedirects: 0, uriTooLong: 0, connectRefused: 0 }

/** The fields that changed, with by how much. */
function moved (before: RoutingMetrics, after: RoutingMetrics): Partial<RoutingMetrics> {
  const changes: Partial<RoutingMetrics> = {}
  for (const key of Object.keys(zero) as Array<keyof RoutingMetrics>) {
    if (after[key] !== before[key]) changes[key] = after[key] - before[key]
  }
  return changes
}

async function build () {
  const app = Fastify()
  await app.register(routing, { trailingSlash: 'redirect', maxPathLength: 100 })
  app.get('/users/:id', async () => ({ id: 1 }))
  app.get('/docs', async () => 'docs')
  app.get('/v', { constraints: { version: '1.0.0' } }, async () => 'v1')
  // A fallback that serves /files/here only, and hands everything else over.
  app.get('/files/*', {
    config: { groundwork: { fallback: true, serves: (request) => request.url === '/files/here' } },
    handler: async (request, reply) => request.url === '/files/here' ? 'file' : reply.callNotFound()
  })
  return app
}

const cases: Array<[what: string, request: InjectOptions, status: number, counter: keyof RoutingMetrics]> = [
  ['an unknown path', { method: 'GET', url: '/nope' }, 404, 'notFound'],
  ['a route of this method that declined (constraint)', { method: 'GET', url: '/v' }, 404, 'notFound'],
  ['a fallback that handed over', { method: 'GET', url: '/files/missing' }, 404, 'notFound'],
  ['OPTIONS on an unknown path', { method: 'OPTIONS', url: '/nope' }, 404, 'notFound'],
  ['a wrong method', { method: 'DELETE', url: '/users/42' }, 405, 'methodNotAllowed'],
  ['OPTIONS on a known path', { method: 'OPTIONS', url: '/users/42' }, 204, 'optionsAnswered'],
  ['OPTIONS on a path a fallback serves', { method: 'OPTIONS', url: '/files/here' }, 204, 'optionsAnswered'],
  ['the other slash form', { method: 'GET', url: '/docs/?a=1' }, 308, 'trailingSlashRedirects'],
  ['an over-long path', { method: 'GET', url: '/' + 'x'.repeat(200) }, 414, 'uriTooLong'],
  ['CONNECT through inject()', { method: 'CONNECT', url: 'example.com:443' }, 405, 'connectRefused']
]

t.test('the counters start at 0', async t => {
  const app = await build()
  t.teardown(() => app.close())
  t.same(app.routingMetrics, zero)
})

t.test('each answer routing gives moves its own counter by exactly one', async t => {
  const app = await build()
  t.teardown(() => app.close())
  for (const [what, request, status, counter] of cases) {
    const before = app.routingMetrics
    const response = await app.inject(request)
    t.equal(response.statusCode, status, `${what}: ${status}`)
    t.same(moved(before, app.routingMetrics), { [counter]: 1 }, `${what}: ${counter} + 1`)
  }
})

t.test('a snapshot is a fresh plain object: changing it changes nothing', async t => {
  const app = await build()
  t.teardown(() => app.close())
  const first = app.routingMetrics
  first.notFound = 99
  t.not(app.routingMetrics, first)
  t.same(app.routingMetrics, zero)
  t.same(Object.getPrototypeOf(first), Object.prototype)
})

t.test('each app counts its own answers', async t => {
  const one = await build()
  const two = await build()
  t.teardown(() => one.close())
  t.teardown(() => two.close())
  await one.inject('/nope')
  t.equal(one.routingMetrics.notFound, 1)
  t.equal(two.routingMetrics.notFound, 0)
})
