import t from 'tap'
import Fastify from 'fastify'
import routing from '../src/index.js'

async function build () {
  const app = Fastify()
  await app.register(routing)
  app.get('/api/users', async () => [])
  // An SPA-style fallback: it serves /app/* pages and hands everything else back.
  app.get('/*', { config: { groundwork: { fallback: true } } }, async (request, reply) => {
    if (request.url.startsWith('/app/')) return 'index.html'
    return reply.callNotFound()
  })
  return app
}

t.test('a fallback that serves a path answers normally', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'GET', url: '/app/settings' })
  t.equal(response.statusCode, 200)
  t.equal(response.body, 'index.html')
})

t.test('a fallback that hands over with callNotFound yields routing\'s 404', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'GET', url: '/api/nope' })
  t.equal(response.statusCode, 404)
  t.equal(response.json().code, 'GW_ROUTING_NOT_FOUND')
})

t.test('fallback routes do not make paths known for 405 or OPTIONS', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  t.equal((await app.inject({ method: 'DELETE', url: '/app/settings' })).statusCode, 404)
  t.equal((await app.inject({ method: 'OPTIONS', url: '/app/settings' })).statusCode, 404)
  const known = await app.inject({ method: 'POST', url: '/api/users' })
  t.equal(known.statusCode, 405)
  t.equal(known.headers.allow, 'GET, HEAD, OPTIONS', 'the fallback\'s GET/HEAD on /* is not listed')
})

t.test('a handed-over request to a known path still gets 405 logic from the handler', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  app.post('/upload', async () => 'ok')
  app.get('/*', { config: { groundwork: { fallback: true } } }, async (request, reply) => reply.callNotFound())
  const response = await app.inject({ method: 'GET', url: '/upload' })
  t.equal(response.statusCode, 405)
  t.equal(response.headers.allow, 'OPTIONS, POST')
})
