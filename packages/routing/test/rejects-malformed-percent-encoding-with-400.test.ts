import t from 'tap'
import Fastify from 'fastify'
import routing from '../src/index.js'

// Fastify 5's router already answers these with 400 FST_ERR_BAD_URL; this pins that down with routing registered,
// for every kind of path, so an upgrade that regresses to 500 fails here.
t.test('malformed percent-encoding gets 400, never 500, on static, parametric, wildcard and unknown paths', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing, { trailingSlash: 'redirect' })
  app.get('/users', async () => [])
  app.get('/users/:id', async () => ({}))
  app.get('/files/*', async () => 'file')
  for (const url of ['/users/%E0%A4%A', '/users%E0%A4%A', '/files/%E0%A4%A', '/nope/%zz', '/users/%', '/users/%C0%AF/']) {
    for (const method of ['GET', 'DELETE', 'OPTIONS'] as const) {
      const response = await app.inject({ method, url })
      t.equal(response.statusCode, 400, `${method} ${url}`)
      t.equal(response.json().code, 'FST_ERR_BAD_URL')
    }
  }
  const query = await app.inject({ method: 'GET', url: '/users?x=%E0%A4%A' })
  t.equal(query.statusCode, 200, 'a malformed query is the handler\'s business, not the router\'s')
})
