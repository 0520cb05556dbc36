import t from 'tap'
import Fastify from 'fastify'
import type { AddressInfo } from 'node:net'
import { request } from 'undici'
import gracefulClose from '../src/index.js'

t.test('readiness is 200 once ready and liveness is 200, neither cached', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(gracefulClose)
  await app.ready()
  const ready = await app.inject('/health/ready')
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ready' })
  t.equal(ready.headers['cache-control'], 'no-store')
  const live = await app.inject('/health/live')
  t.equal(live.statusCode, 200)
  t.same(live.json(), { status: 'live' })
  t.equal(live.headers['cache-control'], 'no-store')
  t.equal(app.shutdownPhase, 'ready')
})

t.test('the probe paths are configurable', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(gracefulClose, { readinessPath: '/ready', livenessPath: '/live' })
  t.equal((await app.inject('/ready')).statusCode, 200)
  t.equal((await app.inject('/live')).statusCode, 200)
  t.equal((await app.inject('/health/ready')).statusCode, 404)
})

t.test('readiness is 503 before the app is ready, liveness is 200', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  const seen: Array<[number, unknown]> = []
  // An onReady hook that runs before graceful-close's own: the app is started but not yet ready.
  // inject() would wait for ready, so the raw server takes the requests.
  app.addHook('onReady', async () => {
    await new Promise<void>(resolve => app.server.listen(0, '127.0.0.1', resolve))
    const { port } = app.server.address() as AddressInfo
    const ready = await request(`http://127.0.0.1:${port}/health/ready`)
    seen.push([ready.statusCode, await ready.body.json()])
    const live = await request(`http://127.0.0.1:${port}/health/live`)
    seen.push([live.statusCode, await live.body.json()])
    await new Promise(resolve => app.server.close(resolve))
  })
  await app.register(gracefulClose)
  t.equal(app.shutdownPhase, 'starting')
  await app.ready()
  t.same(seen, [[503, { status: 'starting' }], [200, { status: 'live' }]])
  t.equal((await app.inject('/health/ready')).statusCode, 200)
})

t.test('a plain app.close() takes the instance out of rotation too', async t => {
  const app = Fastify()
  const phases: string[] = []
  await app.register(gracefulClose)
  app.addHook('preClose', async () => { phases.push(app.shutdownPhase) })
  await app.ready()
  await app.close()
  phases.push(app.shutdownPhase)
  t.same(phases, ['closing', 'closed'])
})
