import t from 'tap'
import gracefulClose from '../src/index.js'
import { build } from './fixtures/helpers.js'

t.test('setReady(false): readiness 503 "maintenance", liveness 200, routes still served; setReady(true) undoes it', async t => {
  const { app, logs } = build()
  await app.register(gracefulClose)
  app.get('/work', async () => 'done')
  await app.ready()
  t.teardown(() => app.close())

  t.equal(app.setReady(false), app)
  app.setReady(false)
  const ready = await app.inject('/health/ready')
  t.equal(ready.statusCode, 503)
  t.same(ready.json(), { status: 'maintenance' })
  t.equal((await app.inject('/health/live')).statusCode, 200)
  t.equal((await app.inject('/work')).body, 'done')
  t.match(app.shutdownMetrics, { phase: 'ready', maintenance: true, ready: false })

  app.setReady(true)
  t.equal((await app.inject('/health/ready')).statusCode, 200)
  t.match(app.shutdownMetrics, { maintenance: false, ready: true })
  t.same(logs.filter(line => line.maintenance !== undefined).map(line => line.maintenance), [true, false], 'each change logged once')
})

t.test('setReady(true) cannot undo a shutdown, and takes only a boolean', async t => {
  const { app } = build()
  await app.register(gracefulClose, { closeIdleAfter: 0 })
  await app.ready()
  t.throws(() => { (app.setReady as (value: unknown) => unknown)('yes') }, { code: 'GW_GRACEFUL_CLOSE_INVALID_OPTION', message: /setReady\(\) takes a boolean, not "yes"/ })
  t.throws(() => { (app.setReady as (value: unknown) => unknown)(undefined) }, { message: /not undefined/ })
  const shutdown = app.shutdown()
  app.setReady(true)
  t.equal(app.shutdownMetrics.ready, false)
  await shutdown
})

t.test('maintenance switched on while the checks run makes that answer 503 too', async t => {
  const { app } = build()
  await app.register(gracefulClose)
  app.addReadinessCheck('slow', () => new Promise(resolve => setTimeout(resolve, 100)))
  await app.ready()
  t.teardown(() => app.close())
  const probe = app.inject('/health/ready')
  setTimeout(() => { app.setReady(false) }, 20)
  const answer = await probe
  t.equal(answer.statusCode, 503)
  t.match(answer.json(), { status: 'maintenance', checks: { slow: { status: 'pass' } } })
})
