import t from 'tap'
import Fastify from 'fastify'
import routing from '../src/index.js'

t.test('a route whose constraint does not match gives 404, other methods 405', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/tenant', { constraints: { host: 'a.example' } }, async () => 'a')
  app.get('/tenant', { constraints: { host: /^b\./ } }, async () => 'b')
  t.equal((await app.inject({ method: 'GET', url: '/tenant', headers: { host: 'a.example' } })).body, 'a')
  t.equal((await app.inject({ method: 'GET', url: '/tenant', headers: { host: 'b.example' } })).body, 'b')
  const mismatch = await app.inject({ method: 'GET', url: '/tenant', headers: { host: 'c.example' } })
  t.equal(mismatch.statusCode, 404)
  const other = await app.inject({ method: 'POST', url: '/tenant', headers: { host: 'c.example' } })
  t.equal(other.statusCode, 405)
  t.equal(other.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('versioned routes sharing a pattern under different parameter names do not crash', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/items/:id', { constraints: { version: '1.0.0' } }, async () => 'v1')
  app.get('/items/:key', { constraints: { version: '2.0.0' } }, async () => 'v2')
  await app.ready()
  t.equal((await app.inject({ method: 'GET', url: '/items/1', headers: { 'accept-version': '2.x' } })).body, 'v2')
  const wrong = await app.inject({ method: 'DELETE', url: '/items/1' })
  t.equal(wrong.statusCode, 405)
  t.equal(wrong.headers.allow, 'GET, HEAD, OPTIONS')
})
