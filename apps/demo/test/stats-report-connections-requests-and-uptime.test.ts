import t from 'tap'
import { Client } from 'undici'
import { buildApp } from '../src/app.js'
import { testConfig } from './helpers/config.js'

t.test('GET /api/stats reports the pid, keep-alive connection counts, request totals, users and uptime', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const client = new Client(`http://127.0.0.1:${port}`)
  t.teardown(() => client.close())

  const stats = async (): Promise<Record<string, any>> => {
    const response = await client.request({ method: 'GET', path: '/api/stats' })
    t.equal(response.statusCode, 200)
    return await response.body.json() as Record<string, any>
  }

  const first = await stats()
  t.match(first, {
    pid: process.pid,
    connections: { open: 1, active: 1, idle: 0, upgraded: 0, streams: 0, accepted: 1, closed: 0, requests: 1, draining: false },
    requests: { total: 1, perConnection: 1 },
    users: 0,
    uptimeSeconds: Number
  })
  t.ok(first['uptimeSeconds'] >= 0)

  await client.request({ method: 'POST', path: '/api/users', headers: { 'content-type': 'application/json' }, body: '{"name":"Ada","email":"ada@example.com"}' }).then(r => r.body.dump())
  const third = await stats()
  t.match(third, {
    connections: { open: 1, accepted: 1, requests: 3 },
    requests: { total: 3, perConnection: 3 },
    users: 1
  }, 'three requests on the one kept-alive connection')
})

t.test('inject-only requests are not counted as connections', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject('/api/stats')
  t.equal(response.statusCode, 200)
  t.match(response.json(), { connections: { open: 0, requests: 0 }, requests: { total: 0 }, users: 0 })
})
