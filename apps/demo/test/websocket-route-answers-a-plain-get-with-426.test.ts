import t from 'tap'
import { buildApp } from '../src/app.js'
import { testConfig } from './helpers/config.js'

t.test('GET /api/ws without an upgrade gets 426 in Fastify\'s error shape, naming the protocol', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject('/api/ws')
  t.equal(response.statusCode, 426)
  t.equal(response.headers['upgrade'], 'websocket')
  t.equal(response.headers['cache-control'], 'no-store')
  t.equal(response.headers['x-content-type-options'], 'nosniff')
  t.same(response.json(), {
    statusCode: 426,
    code: 'DEMO_UPGRADE_REQUIRED',
    error: 'Upgrade Required',
    message: '/api/ws is a WebSocket endpoint: connect over HTTP/1.1 with Upgrade: websocket'
  })
})

t.test('other methods on /api/ws get 405 from routing', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'POST', url: '/api/ws' })
  t.equal(response.statusCode, 405)
  t.match(response.headers['allow'], /GET/)
})
