import t from 'tap'
import Fastify from 'fastify'
import routing, { InvalidOptionError } from '../src/index.js'
import type { RoutingOptions } from '../src/index.js'

const invalid: Array<[string, unknown]> = [
  ['routes', { routes: 'nope' }],
  ['dir', { dir: '' }],
  ['dir', { dir: 42 }],
  ['prefix', { prefix: 'api' }],
  ['prefix', { prefix: '/api/' }],
  ['prefix', { prefix: 3 }],
  ['trailingSlash', { trailingSlash: 'sometimes' }],
  ['autoOptions', { autoOptions: 'yes' }],
  ['routeTable.expose', { routeTable: { expose: 1 } }],
  ['routeTable.url', { routeTable: { expose: true, url: 'routes' } }],
  ['routeTable.url', { routeTable: { url: 5 } }],
  ['maxPathLength', { maxPathLength: 0 }],
  ['maxPathLength', { maxPathLength: 1.5 }],
  ['maxPathLength', { maxPathLength: '100' }]
]

for (const [name, options] of invalid) {
  t.test(`refuses ${JSON.stringify(options)} before touching the instance`, async (t) => {
    const app = Fastify()
    t.teardown(() => app.close())
    await t.rejects(async () => { await app.register(routing, options as RoutingOptions) }, InvalidOptionError)
    const again = Fastify()
    t.teardown(() => again.close())
    await t.rejects(async () => { await again.register(routing, options as RoutingOptions) }, {
      code: 'GW_ROUTING_INVALID_OPTION',
      statusCode: 500,
      message: new RegExp(`"${name.replace('.', '\\.')}"`)
    })
    t.notOk(again.hasDecorator('routeTable'))
  })
}

t.test('accepts the documented option shapes', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing, { routes: [], prefix: '', trailingSlash: 'redirect', autoOptions: false, routeTable: {}, maxPathLength: 1 })
  t.ok(app.hasDecorator('routeTable'))
})
