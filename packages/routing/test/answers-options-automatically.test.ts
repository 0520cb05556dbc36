import t from 'tap'
import Fastify from 'fastify'
import routing from '../src/index.js'

t.test('OPTIONS on a known path gets 204 with Allow and no body', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/users/:id', async () => ({}))
  app.delete('/users/:id', async () => ({}))
  const response = await app.inject({ method: 'OPTIONS', url: '/users/42' })
  t.equal(response.statusCode, 204)
  t.equal(response.headers.allow, 'DELETE, GET, HEAD, OPTIONS')
  t.equal(response.body, '')
})

t.test('OPTIONS on an unknown path is a 404', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/users', async () => [])
  const response = await app.inject({ method: 'OPTIONS', url: '/nope' })
  t.equal(response.statusCode, 404)
  t.equal(response.json().code, 'GW_ROUTING_NOT_FOUND')
})

t.test('an OPTIONS route of your own wins, and its path lists OPTIONS once', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/users', async () => [])
  app.options('/users', async (request, reply) => reply.code(200).header('x-own', 'yes').send('mine'))
  const own = await app.inject({ method: 'OPTIONS', url: '/users' })
  t.equal(own.statusCode, 200)
  t.equal(own.headers['x-own'], 'yes')
  const del = await app.inject({ method: 'DELETE', url: '/users' })
  t.equal(del.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('an OPTIONS route that declines (constraint mismatch) leaves a 404, not an automatic answer', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/users', async () => [])
  app.options('/users', { constraints: { host: 'api.example' } }, async () => 'mine')
  const response = await app.inject({ method: 'OPTIONS', url: '/users', headers: { host: 'other.example' } })
  t.equal(response.statusCode, 404)
})
