import t from 'tap'
import Fastify from 'fastify'
import { pathToFileURL } from 'node:url'
import routing, { findRouteFiles, routeModules, urlForSegments, GW_ROUTING_INVALID_ROUTE_MODULE, GW_ROUTING_ROUTE_DIR } from '../src/index.js'

const js = (body: string) => `export default { method: 'GET', handler: async (request) => (${body}) }\n`

t.test('maps files to URLs: index, [param], nested, catch-all; ignores helpers, tests and declarations', async (t) => {
  const dir = t.testdir({
    'index.js': js("'home'"),
    'health.mjs': js("'healthy'"),
    users: {
      'index.js': `export default [
        { method: 'GET', handler: async () => 'list' },
        { method: 'POST', handler: async (request, reply) => reply.code(201).send('made') }
      ]\n`,
      '[id].js': js('request.params'),
      '[id]': { 'posts.js': js('{ posts: request.params.id }') }
    },
    files: { '[...path].js': js("request.params['*']") },
    '_shared.js': 'throw new Error("helpers are not routes")\n',
    '.hidden.js': 'throw new Error("hidden files are not routes")\n',
    'thing.test.js': 'throw new Error("tests are not routes")\n',
    'types.d.ts': 'export {}\n',
    'notes.md': '# not code\n'
  })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing, { dir, prefix: '/site' })
  t.equal((await app.inject('/site')).body, 'home')
  t.equal((await app.inject('/site/health')).body, 'healthy')
  t.equal((await app.inject('/site/users')).body, 'list')
  t.equal((await app.inject({ method: 'POST', url: '/site/users' })).statusCode, 201)
  t.same((await app.inject('/site/users/42')).json(), { id: '42' })
  t.same((await app.inject('/site/users/42/posts')).json(), { posts: '42' })
  t.equal((await app.inject('/site/files/a/b.txt')).body, 'a/b.txt')
  t.equal((await app.inject({ method: 'DELETE', url: '/site/users/42' })).headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('loads TypeScript modules, and prefers JavaScript when both exist', async (t) => {
  const dir = t.testdir({
    'typed.ts': "const route: { method: 'GET', handler: () => Promise<string> } = { method: 'GET', handler: async () => 'from ts' }\nexport default route\n",
    'both.ts': "export default { method: 'GET', handler: async () => 'ts' }\n",
    'both.js': js("'js'")
  })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routeModules, { prefix: '/v2', dir: pathToFileURL(dir + '/') })
  t.equal((await app.inject('/v2/typed')).body, 'from ts')
  t.equal((await app.inject('/v2/both')).body, 'js')
})

t.test('findRouteFiles lists files and URLs without importing, sorted by URL', async (t) => {
  const dir = t.testdir({ 'b.js': 'throw new Error("not imported")\n', 'a.ts': '', sub: { 'index.cjs': '' } })
  t.same((await findRouteFiles(dir)).map(({ url }) => url), ['/a', '/b', '/sub'])
  t.equal(urlForSegments(['index'], 'f'), '/')
  t.equal(urlForSegments(['users', '[id]', 'index'], 'f'), '/users/:id')
})

t.test('bad directories and modules fail at register time with coded errors', async (t) => {
  const cases: Array<[Record<string, unknown>, unknown, RegExp]> = [
    [{ 'x.js': 'export default 42\n' }, GW_ROUTING_INVALID_ROUTE_MODULE, /default export must be a route module/],
    [{ 'x.js': 'export const notDefault = 1\n' }, GW_ROUTING_INVALID_ROUTE_MODULE, /default export must be a route module/],
    [{ 'x.js': "export default { method: 'GET', url: '/x', handler: () => 'x' }\n" }, GW_ROUTING_INVALID_ROUTE_MODULE, /remove url/],
    [{ 'x.js': "export default { method: 'GET' }\n" }, GW_ROUTING_INVALID_ROUTE_MODULE, /handler must be a function/],
    [{ 'x.js': 'throw new Error("boom")\n' }, GW_ROUTING_ROUTE_DIR, /boom/],
    [{ '[...rest]': { 'x.js': js("'x'") } }, GW_ROUTING_ROUTE_DIR, /catch-all segment \[\.\.\.rest\] must be the last/]
  ]
  // Each case gets its own folder: ESM caches modules by URL, so a reused file name would be served from cache.
  for (const [i, [files, ErrorClass, message]] of cases.entries()) {
    const dir = t.testdir({ [`case${i}`]: files } as Parameters<typeof t.testdir>[0]) + `/case${i}`
    const app = Fastify()
    await t.rejects(async () => { await app.register(routing, { dir }) }, ErrorClass as ErrorConstructor)
    const again = Fastify()
    await t.rejects(async () => { await again.register(routing, { dir }) }, { message })
    await app.close()
    await again.close()
  }
  const app = Fastify()
  t.teardown(() => app.close())
  await t.rejects(async () => { await app.register(routing, { dir: '/definitely/not/here' }) }, { code: 'GW_ROUTING_ROUTE_DIR' })
})
