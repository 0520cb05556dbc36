import t from 'tap'
import Fastify from 'fastify'
import { Client } from 'undici'
import keepAlive from '../src/index.js'
import { listen } from './fixtures/helpers.js'

t.test('several requests share one connection, and the Keep-Alive header advertises the derived timeout', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(keepAlive, { preset: 'aws-alb', maxRequestsPerSocket: 100 })
  app.get('/', async () => ({ hello: 'world' }))
  const port = await listen(app)
  const client = new Client(`http://127.0.0.1:${port}`)
  t.teardown(() => client.close())

  t.same(app.connections.snapshot(), { open: 0, active: 0, idle: 0, upgraded: 0, streams: 0, sessions: 0, http2Streams: 0, accepted: 0, closed: 0, requests: 0, requestsPerConnection: 0, draining: false })
  for (let i = 0; i < 3; i++) {
    const res = await client.request({ method: 'GET', path: '/' })
    t.same(await res.body.json(), { hello: 'world' })
    t.equal(res.headers.connection, 'keep-alive')
    // Node advertises whole seconds; it closes the socket one second after keepAliveTimeout.
    t.equal(res.headers['keep-alive'], 'timeout=66, max=100')
  }
  t.match(app.connections.snapshot(), { open: 1, active: 0, idle: 1, accepted: 1, closed: 0, requests: 3, requestsPerConnection: 3 })
  t.equal(JSON.stringify(app.connections), JSON.stringify(app.connections.snapshot()))
})
