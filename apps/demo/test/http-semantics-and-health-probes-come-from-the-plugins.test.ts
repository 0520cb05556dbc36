import t from 'tap'
import { buildApp } from '../src/app.js'
import { testConfig } from './helpers/config.js'

t.test('a known path with the wrong method is 405 with Allow', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'PUT', url: '/api/users' })
  t.equal(response.statusCode, 405)
  t.match(response.headers.allow, /GET/)
  t.match(response.headers.allow, /POST/)

  const byId = await app.inject({ method: 'PATCH', url: '/api/users/1' })
  t.equal(byId.statusCode, 405)
  t.match(byId.headers.allow, /DELETE/)
})

t.test('OPTIONS is answered with 204 and Allow', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'OPTIONS', url: '/api/echo' })
  t.equal(response.statusCode, 204)
  t.match(response.headers.allow, /POST/)
})

t.test('an unknown API path is a coded 404 naming method and path', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject('/api/nope')
  t.equal(response.statusCode, 404)
  t.match(response.json(), { statusCode: 404, code: String, error: 'Not Found', message: /GET \/api\/nope/ })
})

t.test('readiness and liveness are served by graceful-close', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  await app.ready()
  t.equal((await app.inject('/health/ready')).statusCode, 200)
  t.equal((await app.inject('/health/live')).statusCode, 200)
})

t.test('every demo route is in the route table', async t => {
  const app = await buildApp(testConfig({ crashRoute: true }))
  t.teardown(() => app.close())
  const routes = app.routeTable().map(route => `${route.method} ${route.url}`)
  for (const route of [
    'GET /api/users', 'POST /api/users', 'GET /api/users/:id', 'DELETE /api/users/:id', 'POST /api/echo',
    'GET /api/delay/:ms', 'GET /api/stats', 'GET /api/events', 'GET /api/ws', 'GET /health/ready', 'GET /health/live', 'POST /api/_crash'
  ]) {
    t.ok(routes.includes(route), route)
  }
})
