import t from 'tap'
import Fastify from 'fastify'
import staticFiles from '../src/index.js'

for (const hotCache of [true, false]) {
  t.test(`other methods on a file get 405 (hotCache: ${hotCache})`, async t => {
    const root = t.testdir({ 'app.js': 'x', 'index.html': 'home' })
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(staticFiles, { root, hotCache })
    await app.inject('/app.js') // warm the cache

    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      const res = await app.inject({ method, url: '/app.js' })
      t.equal(res.statusCode, 405, method)
      t.equal(res.headers.allow, 'GET, HEAD')
      t.same(res.json(), {
        statusCode: 405,
        code: 'GW_STATIC_METHOD_NOT_ALLOWED',
        error: 'Method Not Allowed',
        message: `Method ${method} is not allowed on a static file; use GET or HEAD`
      })
    }
    t.equal((await app.inject({ method: 'POST', url: '/' })).statusCode, 405)
  })
}

t.test('a bad or huge body never turns the 405 into something else', async t => {
  const root = t.testdir({ 'app.js': 'x' })
  const app = Fastify({ bodyLimit: 10 })
  t.teardown(() => app.close())
  await app.register(staticFiles, { root })
  const cases = [
    { headers: { 'content-type': 'application/json' }, payload: '{"broken' },
    { headers: { 'content-type': 'text/plain' }, payload: 'x'.repeat(1000) },
    { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '%%%' },
    { headers: { 'content-type': 'nonsense' }, payload: 'x' },
    { headers: {}, payload: 'no type at all' }
  ]
  for (const c of cases) {
    const res = await app.inject({ method: 'POST', url: '/app.js', ...c })
    t.equal(res.statusCode, 405, JSON.stringify(c.headers))
  }
})

t.test('other methods on something that is not a file fall through to 404', async t => {
  const root = t.testdir({ 'a.txt': 'a', '.env': 'SECRET', dir: { 'b.txt': 'b' } })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root })
  for (const url of ['/missing', '/.env', '/dir', '/dir/']) {
    t.equal((await app.inject({ method: 'DELETE', url })).statusCode, 404, url)
  }
  t.equal((await app.inject({ method: 'POST', url: '/%c0%ae' })).statusCode, 400)
  t.equal((await app.inject({ method: 'POST', url: '/%2e%2e%2fa.txt' })).statusCode, 403)
  t.equal((await app.inject({ method: 'OPTIONS', url: '/a.txt' })).statusCode, 404)
})

t.test('routes of the app keep working and bodies are parsed there', async t => {
  const root = t.testdir({ 'a.txt': 'a' })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root })
  app.post('/echo', async (request) => request.body)
  const res = await app.inject({ method: 'POST', url: '/echo', payload: { hello: 'world' } })
  t.same(res.json(), { hello: 'world' })
})
