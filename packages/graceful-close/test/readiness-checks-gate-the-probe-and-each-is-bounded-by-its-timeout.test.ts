import type net from 'node:net'
import t from 'tap'
import { request } from 'undici'
import gracefulClose from '../src/index.js'
import { build, sleep } from './fixtures/helpers.js'

t.test('readiness is 200 only when every check passes, and names each check with its state', async t => {
  const { app } = build()
  await app.register(gracefulClose)
  let dbUp = true
  app.addReadinessCheck('db', async () => { if (!dbUp) throw new Error('connection refused') })
  app.addReadinessCheck('cache', () => true)
  await app.ready()
  t.teardown(() => app.close())

  const ready = await app.inject('/health/ready')
  t.equal(ready.statusCode, 200)
  t.match(ready.json(), { status: 'ready', checks: { db: { status: 'pass', durationMs: Number }, cache: { status: 'pass' } } })
  t.equal(ready.headers['cache-control'], 'no-store')

  dbUp = false
  const failing = await app.inject('/health/ready')
  t.equal(failing.statusCode, 503)
  t.match(failing.json(), { status: 'not-ready', checks: { db: { status: 'fail' }, cache: { status: 'pass' } } })
  t.notMatch(failing.body, /connection refused/, 'the probe does not publish the error: the log has it')
  t.match(app.shutdownMetrics.checks, { db: { passing: false, passedOnce: true, failures: 1 }, cache: { passing: true, failures: 0 } })
  t.equal(app.shutdownMetrics.ready, false)

  dbUp = true
  t.equal((await app.inject('/health/ready')).statusCode, 200, 'and 200 again once it passes')
  t.equal((await app.inject('/health/live')).statusCode, 200, 'liveness never runs the checks')
})

t.test('a check that resolves false fails; the logs say when a check changes state, once', async t => {
  const { app, logs } = build()
  await app.register(gracefulClose)
  let answer = true
  app.addReadinessCheck('queue', () => answer)
  await app.ready()
  t.teardown(() => app.close())
  t.equal((await app.inject('/health/ready')).statusCode, 200)
  answer = false
  for (let i = 0; i < 3; i++) t.equal((await app.inject('/health/ready')).statusCode, 503)
  answer = true
  t.equal((await app.inject('/health/ready')).statusCode, 200)
  t.same(logs.filter(line => line.check === 'queue').map(line => [line.level, line.msg]), [
    [40, 'graceful-close: readiness check "queue" failed (fail); readiness is 503'],
    [30, 'graceful-close: readiness check "queue" passes again']
  ])
})

t.test('a hanging check answers 503 within its timeout, never a hung probe, and its signal aborts', async t => {
  const { app } = build()
  await app.register(gracefulClose)
  let aborted = false
  let calls = 0
  app.addReadinessCheck('stuck', ({ signal }) => {
    calls++
    signal.addEventListener('abort', () => { aborted = true })
    return new Promise(() => {})
  }, { timeout: 300 })
  // Over a real socket: a probe is a load balancer's request, and the check holds no handle of its own.
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as net.AddressInfo
  t.teardown(() => app.close())

  const started = performance.now()
  // Five probes at once share the one run in flight.
  const answers = await Promise.all(Array.from({ length: 5 }, async () => {
    const answer = await request(`http://127.0.0.1:${port}/health/ready`)
    return { statusCode: answer.statusCode, body: await answer.body.json() }
  }))
  const took = performance.now() - started
  t.same(answers.map(answer => answer.statusCode), [503, 503, 503, 503, 503])
  t.match(answers[0]!.body, { status: 'starting', checks: { stuck: { status: 'timeout' } } })
  t.ok(took >= 290 && took < 1500, `answered after ${Math.round(took)} ms (timeout 300 ms)`)
  t.equal(calls, 1, 'one run for five concurrent probes')
  t.equal(aborted, true, 'the check was told to give up')
})

t.test('startup gating: readiness stays "starting" until every check has passed once', async t => {
  const { app } = build()
  await app.register(gracefulClose)
  let warm = false
  app.addReadinessCheck('warm-cache', () => warm)
  await app.ready()
  t.teardown(() => app.close())
  t.equal(app.shutdownPhase, 'ready', 'the app itself is started')
  t.match((await app.inject('/health/ready')).json(), { status: 'starting', checks: { 'warm-cache': { status: 'fail' } } })
  warm = true
  t.match((await app.inject('/health/ready')).json(), { status: 'ready' })
})

t.test('a shutdown that starts while the checks run makes the answer 503', async t => {
  const { app } = build()
  await app.register(gracefulClose, { drainDelay: 500, closeIdleAfter: 0 })
  app.addReadinessCheck('slow', () => sleep(200))
  await app.ready()
  const probe = app.inject('/health/ready')
  await sleep(50)
  const shutdown = app.shutdown()
  const answer = await probe
  t.equal(answer.statusCode, 503)
  t.match(answer.json(), { status: 'shutting-down' })
  await shutdown
})

t.test('bad arguments throw a coded error at once', async t => {
  const { app } = build()
  await app.register(gracefulClose)
  t.teardown(() => app.close())
  app.addReadinessCheck('db', () => true)
  const invalid: Array<[unknown[], string]> = [
    [['', () => true], 'name must be a non-empty string'],
    [[42, () => true], 'name must be a non-empty string'],
    [['db', () => true], 'a check named "db" is already registered'],
    [['x', 'not a function'], 'fn must be a function'],
    [['x', () => true, { timeout: 0 }], 'timeout must be >= 1'],
    [['x', () => true, { timeout: 1.5 }], 'timeout must be integer'],
    [['x', () => true, { timout: 5 }], 'timout is not a known option (check its spelling)']
  ]
  for (const [args, problem] of invalid) {
    t.throws(() => { (app.addReadinessCheck as (...args: unknown[]) => unknown)(...args) }, {
      code: 'GW_GRACEFUL_CLOSE_INVALID_CHECK',
      message: `Invalid readiness check: ${problem}`
    }, problem)
  }
  t.equal(app.addReadinessCheck('chained', () => true, { timeout: 50 }), app, 'returns the instance')
})
