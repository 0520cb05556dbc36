import t from 'tap'
import Fastify from 'fastify'
import routing, { GW_ROUTING_NOT_FOUND } from '../src/index.js'

t.test('an unknown path gets a coded 404 naming the method and the path, without the query', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/users', async () => [])
  const response = await app.inject({ method: 'PATCH', url: '/nope/deeper?token=secret' })
  t.equal(response.statusCode, 404)
  t.match(response.headers['content-type'], /^application\/json/)
  t.same(response.json(), {
    statusCode: 404,
    code: 'GW_ROUTING_NOT_FOUND',
    error: 'Not Found',
    message: 'Route PATCH /nope/deeper not found'
  })
  t.equal(response.headers.allow, undefined)
})

t.test('HEAD on an unknown path is a 404 without a body', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  const response = await app.inject({ method: 'HEAD', url: '/nope' })
  t.equal(response.statusCode, 404)
  t.equal(response.body, '')
})

t.test('a custom error handler sees the exported error class', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  app.setErrorHandler((error, request, reply) => {
    reply.code(404).send({ notFound: error instanceof GW_ROUTING_NOT_FOUND })
  })
  const response = await app.inject({ method: 'GET', url: '/nope' })
  t.same(response.json(), { notFound: true })
})
