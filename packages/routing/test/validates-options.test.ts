import t from 'tap'
import Fastify from 'fastify'
import routing, { defineRoute, routeModules, GW_ROUTING_INVALID_OPTION } from '../src/index.js'
import type { RouteModulesOptions, RoutingOptions } from '../src/index.js'

const prefixRule = "prefix must be '' or a path that starts with / and does not end with /"

const invalid: Array<[unknown, string]> = [
  [{ routes: 'nope' }, 'routes must be an array of route modules'],
  [{ dir: '' }, 'dir must be a non-empty path or a file: URL'],
  [{ dir: 42 }, 'dir must be a non-empty path or a file: URL'],
  [{ prefix: 'api' }, prefixRule],
  [{ prefix: '/api/' }, prefixRule],
  [{ prefix: 3 }, prefixRule],
  [{ trailingSlash: 'sometimes' }, "trailingSlash must be one of 'strict', 'ignore', 'redirect'"],
  [{ trailingslash: 'ignore' }, 'trailingslash is not a known option (check its spelling)'],
  [{ autoOptions: 'yes' }, 'autoOptions must be boolean'],
  [{ routeTable: 5 }, 'routeTable must be object'],
  [{ routeTable: { expose: 1 } }, 'routeTable.expose must be boolean'],
  [{ routeTable: { exposed: true } }, 'routeTable.exposed is not a known option (check its spelling)'],
  [{ routeTable: { expose: true, url: 'routes' } }, 'routeTable.url must be a path starting with /'],
  [{ routeTable: { url: 5 } }, 'routeTable.url must be string'],
  [{ maxPathLength: 0 }, 'maxPathLength must be >= 1'],
  [{ maxPathLength: 1.5 }, 'maxPathLength must be integer'],
  [{ maxPathLength: '100' }, 'maxPathLength must be integer'],
  [{ maxPathLength: 2 ** 53 }, 'maxPathLength must be <= 9007199254740991']
]

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

for (const [options, problem] of invalid) {
  t.test(`refuses ${JSON.stringify(options)} before touching the instance`, async (t) => {
    const app = Fastify()
    t.teardown(() => app.close())
    await t.rejects(async () => { await app.register(routing, options as RoutingOptions) }, {
      name: 'FastifyError',
      code: 'GW_ROUTING_INVALID_OPTION',
      statusCode: 500,
      message: new RegExp(`^Invalid @groundwork/routing options: ${escape(problem)}$`)
    })
    t.notOk(app.hasDecorator('routeTable'))
    const again = Fastify()
    t.teardown(() => again.close())
    await t.rejects(async () => { await again.register(routing, options as RoutingOptions) }, GW_ROUTING_INVALID_OPTION)
  })
}

t.test('lists every problem of the options in one error, each with its path', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  const options = { trailingslash: 'ignore', autoOptions: 1, routeTable: { url: 'x' }, maxPathLength: 0, prefix: 'api/' }
  await t.rejects(async () => { await app.register(routing, options as unknown as RoutingOptions) }, {
    code: 'GW_ROUTING_INVALID_OPTION',
    message: 'Invalid @groundwork/routing options: trailingslash is not a known option (check its spelling); ' +
      'autoOptions must be boolean; routeTable.url must be a path starting with /; maxPathLength must be >= 1; ' + prefixRule
  })
  t.notOk(app.hasDecorator('routeTable'))
})

t.test('accepts the documented option shapes', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing, { routes: [], prefix: '', trailingSlash: 'redirect', autoOptions: false, routeTable: {}, maxPathLength: 1 })
  t.ok(app.hasDecorator('routeTable'))
})

t.test('accepts no options, a file: URL dir and a prefix', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  t.ok(app.hasDecorator('routeTable'))
  const other = Fastify()
  t.teardown(() => other.close())
  const dir = new URL(`file://${t.testdir({})}/`)
  await other.register(routing, { dir, prefix: '/api', routeTable: { expose: true, url: '/_r' }, trailingSlash: 'ignore' })
  t.ok(other.hasRoute({ method: 'GET', url: '/_r' }))
})

t.test("accepts Fastify's own register options", async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing, { logLevel: 'warn', logSerializers: {}, autoOptions: true } as RoutingOptions)
  t.ok(app.hasDecorator('routeTable'))
})

const invalidForRouteModules: Array<[unknown, string]> = [
  [{ routes: 'nope' }, 'routes must be an array of route modules'],
  [{ dir: '' }, 'dir must be a non-empty path or a file: URL'],
  [{ routes: [], trailingSlash: 'ignore' }, 'trailingSlash is not a known option (check its spelling)'],
  [{ route: [] }, 'route is not a known option (check its spelling)']
]

for (const [options, problem] of invalidForRouteModules) {
  t.test(`routeModules refuses ${JSON.stringify(options)}`, async (t) => {
    const app = Fastify()
    t.teardown(() => app.close())
    await t.rejects(async () => { await app.register(routeModules, options as RouteModulesOptions) }, {
      code: 'GW_ROUTING_INVALID_OPTION',
      message: `Invalid @groundwork/routing options: ${problem}`
    })
  })
}

t.test("routeModules accepts its options beside Fastify's prefix and logLevel", async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  const ping = defineRoute({ method: 'GET', url: '/ping', handler: async () => 'pong' })
  await app.register(routeModules, { prefix: '/api', logLevel: 'warn', routes: [ping] })
  t.equal((await app.inject('/api/ping')).body, 'pong')
})
