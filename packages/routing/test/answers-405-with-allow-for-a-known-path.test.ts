import t from 'tap'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import routing from '../src/index.js'

t.test('405 lists the methods of static, parametric, regex and wildcard paths', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/users', async () => [])
  app.post('/users', async () => ({}))
  app.get('/users/:id', async () => ({}))
  app.put('/files/:name(^\\d+).png', async () => ({}))
  app.get('/assets/*', async () => 'asset')

  const cases: Array<[string, string, string]> = [
    ['DELETE', '/users', 'GET, HEAD, OPTIONS, POST'],
    ['DELETE', '/users/42', 'GET, HEAD, OPTIONS'],
    ['GET', '/files/12.png', 'OPTIONS, PUT'],
    ['POST', '/assets/css/site.css', 'GET, HEAD, OPTIONS']
  ]
  for (const [method, url, allow] of cases) {
    const response = await app.inject({ method: method as 'GET', url })
    t.equal(response.statusCode, 405, `${method} ${url}`)
    t.equal(response.headers.allow, allow)
    t.same(response.json(), {
      statusCode: 405,
      code: 'GW_ROUTING_METHOD_NOT_ALLOWED',
      error: 'Method Not Allowed',
      message: `Method ${method} is not allowed for ${url} (allowed: ${allow})`
    })
  }
  t.equal((await app.inject({ method: 'GET', url: '/files/ab.png' })).statusCode, 404, 'a regex that does not match is no path')
})

t.test('routes registered by other plugins count, encapsulated or not', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  await app.register(fp(async (instance) => { instance.get('/health/ready', async () => 'ok') }))
  await app.register(async (instance) => { instance.patch('/items/:id', async () => 'ok') }, { prefix: '/v1' })
  const health = await app.inject({ method: 'POST', url: '/health/ready' })
  t.equal(health.statusCode, 405)
  t.equal(health.headers.allow, 'GET, HEAD, OPTIONS')
  const items = await app.inject({ method: 'DELETE', url: '/v1/items/7?x=1' })
  t.equal(items.statusCode, 405)
  t.equal(items.headers.allow, 'OPTIONS, PATCH')
})

t.test('the prefix root answers 405 with and without its trailing slash', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  await app.register(async (instance) => {
    instance.get('/', async () => 'root')
    instance.get('/', { prefixTrailingSlash: 'no-slash', constraints: { host: 'only.example' } }, async () => 'other')
  }, { prefix: '/api' })
  t.equal((await app.inject({ method: 'DELETE', url: '/api' })).statusCode, 405)
  t.equal((await app.inject({ method: 'DELETE', url: '/api/' })).statusCode, 405)
})

t.test('405 wins over body parsing: an unsupported content type still gets 405', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/users', async () => [])
  const response = await app.inject({ method: 'POST', url: '/users', headers: { 'content-type': 'text/xml' }, payload: '<a/>' })
  t.equal(response.statusCode, 405)
  t.equal(response.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('without autoOptions, OPTIONS is not listed and is itself answered with 405', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing, { autoOptions: false })
  app.get('/users', async () => [])
  const del = await app.inject({ method: 'DELETE', url: '/users' })
  t.equal(del.headers.allow, 'GET, HEAD')
  const options = await app.inject({ method: 'OPTIONS', url: '/users' })
  t.equal(options.statusCode, 405)
  t.equal(options.headers.allow, 'GET, HEAD')
})

t.test('HEAD is listed only where a HEAD route exists', async (t) => {
  const app = Fastify({ exposeHeadRoutes: false })
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/users', async () => [])
  const head = await app.inject({ method: 'HEAD', url: '/users' })
  t.equal(head.statusCode, 405)
  t.equal(head.headers.allow, 'GET, OPTIONS')
})
