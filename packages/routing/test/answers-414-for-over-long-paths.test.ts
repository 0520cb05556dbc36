import t from 'tap'
import Fastify from 'fastify'
import routing from '../src/index.js'

t.test('an unserved path longer than maxPathLength gets a coded 414', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing, { maxPathLength: 64 })
  app.get('/users', async () => [])
  const path = '/' + 'a'.repeat(64)
  const response = await app.inject({ method: 'GET', url: path })
  t.equal(response.statusCode, 414)
  t.same(response.json(), {
    statusCode: 414,
    code: 'GW_ROUTING_URI_TOO_LONG',
    error: 'URI Too Long',
    message: 'Request path is 65 characters long, the limit is 64'
  })
  t.equal((await app.inject({ method: 'GET', url: '/' + 'a'.repeat(63) })).statusCode, 404, 'at the limit: 404')
  t.equal((await app.inject({ method: 'GET', url: '/users?q=' + 'x'.repeat(200) })).statusCode, 200, 'the query does not count')
  t.equal((await app.inject({ method: 'DELETE', url: '/nope?q=' + 'x'.repeat(200) })).statusCode, 404)
})

t.test('the default limit is 8192 and applies to requests a fallback hands over', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/*', { config: { groundwork: { fallback: true } } }, async (request, reply) => reply.callNotFound())
  t.equal((await app.inject({ method: 'GET', url: '/' + 'a'.repeat(8191) })).statusCode, 404)
  t.equal((await app.inject({ method: 'GET', url: '/' + 'a'.repeat(8192) })).statusCode, 414)
})
