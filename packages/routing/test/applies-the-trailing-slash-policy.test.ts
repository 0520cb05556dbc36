import t from 'tap'
import Fastify from 'fastify'
import fc from 'fast-check'
import routing, { defineRoute, routeModules } from '../src/index.js'
import type { TrailingSlashPolicy } from '../src/index.js'

async function build (trailingSlash: TrailingSlashPolicy) {
  const app = Fastify()
  await app.register(routing, { trailingSlash })
  app.get('/users', async () => 'users')
  app.post('/users', async () => 'created')
  app.get('/docs/', async () => 'docs')
  app.get('/files/*', async () => 'file')
  return app
}

t.test('strict: the other slash form is a different, unknown path', async (t) => {
  const app = await build('strict')
  t.teardown(() => app.close())
  t.equal((await app.inject('/users/')).statusCode, 404)
  t.equal((await app.inject('/docs')).statusCode, 404)
})

t.test('ignore: both forms are served, 405 and OPTIONS hold for both', async (t) => {
  const app = await build('ignore')
  t.teardown(() => app.close())
  t.equal((await app.inject('/users/')).body, 'users')
  t.equal((await app.inject({ method: 'POST', url: '/users/' })).body, 'created')
  t.equal((await app.inject({ method: 'HEAD', url: '/users/' })).statusCode, 200)
  t.equal((await app.inject('/docs')).body, 'docs')
  t.equal((await app.inject('/files/a/b')).body, 'file')
  const wrong = await app.inject({ method: 'DELETE', url: '/users/' })
  t.equal(wrong.statusCode, 405)
  t.equal(wrong.headers.allow, 'GET, HEAD, OPTIONS, POST')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/docs' })).statusCode, 204)
})

t.test('ignore: twins respect prefixes, method arrays and forms that already exist', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing, { trailingSlash: 'ignore' })
  app.get('/a/', async () => 'a with slash')
  t.throws(() => app.get('/a', async () => 'a without slash'), { code: 'FST_ERR_DUPLICATED_ROUTE' }, 'declare one form only')
  app.route({ method: ['PUT', 'PATCH'], url: '/multi', handler: async () => 'multi' })
  app.get('/opt/:id?', async () => 'optional')
  await app.register(routeModules, {
    prefix: '/api',
    routes: [defineRoute({ method: 'GET', url: '/', handler: async () => 'api root' }), defineRoute({ method: 'GET', url: '/things', handler: async () => 'things' })]
  })
  t.equal((await app.inject('/a')).body, 'a with slash', 'the twin of /a/ came first and stays')
  t.equal((await app.inject({ method: 'PATCH', url: '/multi/' })).body, 'multi')
  t.equal((await app.inject('/api/things/')).body, 'things')
  t.equal((await app.inject('/api/')).body, 'api root')
  t.equal((await app.inject('/opt')).body, 'optional')
})

t.test('ignore is a no-op when Fastify already ignores trailing slashes', async (t) => {
  const app = Fastify({ routerOptions: { ignoreTrailingSlash: true } })
  t.teardown(() => app.close())
  await app.register(routing, { trailingSlash: 'ignore' })
  app.get('/users', async () => 'users')
  t.equal((await app.inject('/users/')).body, 'users')
  t.equal((await app.inject({ method: 'DELETE', url: '/users/' })).statusCode, 405)
})

t.test('redirect: 308 to the declared form, query kept, method-aware', async (t) => {
  const app = await build('redirect')
  t.teardown(() => app.close())
  const toUsers = await app.inject('/users/?page=2&q=a%20b')
  t.equal(toUsers.statusCode, 308)
  t.equal(toUsers.headers.location, '/users?page=2&q=a%20b')
  const toDocs = await app.inject({ method: 'HEAD', url: '/docs' })
  t.equal(toDocs.statusCode, 308)
  t.equal(toDocs.headers.location, '/docs/')
  t.equal((await app.inject({ method: 'POST', url: '/users/' })).headers.location, '/users')
  t.equal((await app.inject({ method: 'DELETE', url: '/users/' })).statusCode, 404, 'no route of that method at the other form')
  t.equal((await app.inject('/users')).statusCode, 200)
})

t.test('redirect: never to another host', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing, { trailingSlash: 'redirect' })
  app.get('/*', async () => 'any')
  app.get('//evil.example', async () => 'x')
  app.get('/\\evil.example', async () => 'x')
  for (const url of ['//evil.example/', '/\\evil.example/']) {
    const response = await app.inject({ method: 'POST', url })
    t.equal(response.statusCode, 405, url)
    t.equal(response.headers.location, undefined)
  }
  t.equal((await app.inject({ method: 'POST', url: '/' })).statusCode, 405, 'the root has no other form')
})

t.test('redirect: following a 308 never yields another 308', async (t) => {
  const segment = fc.constantFrom('a', 'b', ':p')
  const routeArb = fc.record({
    method: fc.constantFrom('GET', 'POST'),
    segments: fc.array(segment, { minLength: 1, maxLength: 3 }),
    slash: fc.boolean(),
    host: fc.option(fc.constant('x.example'))
  })
  const requestArb = fc.record({
    method: fc.constantFrom('GET', 'POST', 'HEAD'),
    segments: fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 }),
    slash: fc.boolean()
  })
  await fc.assert(fc.asyncProperty(fc.array(routeArb, { maxLength: 5 }), requestArb, async (routes, request) => {
    const app = Fastify()
    try {
      await app.register(routing, { trailingSlash: 'redirect' })
      const seen = new Set<string>()
      for (const route of routes) {
        const url = '/' + route.segments.map((s, i) => s === ':p' ? `:p${i}` : s).join('/') + (route.slash ? '/' : '')
        if (seen.has(route.method + url)) continue
        seen.add(route.method + url)
        app.route({ method: route.method as 'GET', url, constraints: route.host === null ? {} : { host: route.host }, handler: async () => 'ok' })
      }
      await app.ready()
      const url = '/' + request.segments.join('/') + (request.slash ? '/' : '')
      const first = await app.inject({ method: request.method as 'GET', url })
      if (first.statusCode !== 308) return
      const second = await app.inject({ method: request.method as 'GET', url: first.headers.location as string })
      t.not(second.statusCode, 308, `${request.method} ${url} -> ${String(first.headers.location)}`)
    } finally {
      await app.close()
    }
  }), { numRuns: 60 })
})
