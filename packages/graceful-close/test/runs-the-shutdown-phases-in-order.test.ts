import t from 'tap'
import gracefulClose from '../src/index.js'
import { build, messages, sleep } from './fixtures/helpers.js'

t.test('readiness 503 at once, drain delay served normally, then drain, close, exit 0', async t => {
  const { app, logs } = build()
  const exits: number[] = []
  const events: string[] = []
  await app.register(gracefulClose, { drainDelay: 200, timeout: 5000, exit: code => { exits.push(code); events.push(`exit ${code}`) } })
  app.get('/work', async () => ({ ok: true }))
  app.addHook('onClose', async () => { events.push(`onClose in phase ${app.shutdownPhase}`) })
  await app.ready()
  t.equal((await app.inject('/health/ready')).statusCode, 200)

  const done = app.shutdown('test')
  t.equal(app.shutdownPhase, 'delaying', 'the phase changes synchronously')
  const ready = await app.inject('/health/ready')
  t.equal(ready.statusCode, 503)
  t.same(ready.json(), { status: 'shutting-down' })
  t.equal((await app.inject('/health/live')).statusCode, 200, 'liveness stays 200')
  t.equal((await app.inject('/work')).statusCode, 200, 'requests are served during the delay')
  t.equal(app.shutdownPhase, 'delaying')
  t.equal(app.shutdown('again'), done, 'a second trigger joins the running sequence')

  const result = await done
  t.equal(result.exitCode, 0)
  t.equal(result.timedOut, false)
  t.ok(result.durationMs >= 150, `the delay was honoured (${result.durationMs} ms)`)
  t.same(events, ['onClose in phase closing', 'exit 0'])
  t.same(exits, [0])
  t.equal(app.shutdownPhase, 'closed')

  const phases = messages(logs).filter(msg => msg.startsWith('graceful-close:'))
  t.same(phases, [
    'graceful-close: shutdown started, readiness is now 503',
    'graceful-close: drain delay over',
    'graceful-close: listener closed, kept-alive connections answered with Connection: close',
    'graceful-close: connections drained',
    'graceful-close: long-lived connections closed',
    'graceful-close: fastify.close() done',
    'graceful-close: shutdown finished in ' + result.durationMs + ' ms, exit code 0'
  ])
  const started = logs.find(line => line.msg.includes('shutdown started'))
  t.match(started, { trigger: 'test', drainDelayMs: 200, timeoutMs: 5000, upgradesRefused: false })
  for (const phase of ['drain-delay', 'close-idle-after', 'drain', 'long-lived', 'close']) {
    const line = logs.find(line => line.phase === phase)
    t.type(line?.durationMs, 'number', `${phase} is logged with its duration`)
  }
  t.match(logs.find(line => line.phase === 'drain'), { via: 'own tracker', remaining: 0, upgraded: 0, timedOut: false })
})

t.test('without an exit function the sequence only resolves; closeIdleAfter 0 skips its wait', async t => {
  const { app, logs } = build()
  await app.register(gracefulClose, { closeIdleAfter: 0 })
  await app.ready()
  const result = await app.shutdown()
  t.same({ exitCode: result.exitCode, timedOut: result.timedOut }, { exitCode: 0, timedOut: false })
  t.equal(app.shutdownPhase, 'closed')
  t.same(logs.filter(line => typeof line.phase === 'string').map(line => line.phase), ['drain-delay', 'drain', 'long-lived', 'close'])
})

t.test('shutdown after a plain close does nothing but report success', async t => {
  const { app, logs } = build()
  await app.register(gracefulClose)
  await app.ready()
  await app.close()
  const result = await app.shutdown()
  t.equal(result.exitCode, 0)
  t.notOk(logs.some(line => line.phase === 'drain'), 'no drain runs on a closed instance')
})

t.test('a failing onClose hook makes the exit code 1', async t => {
  const { app, logs } = build()
  const exits: number[] = []
  await app.register(gracefulClose, { exit: code => exits.push(code) })
  app.addHook('onClose', async () => { throw new Error('pool would not close') })
  await app.ready()
  const result = await app.shutdown()
  t.equal(result.exitCode, 1)
  t.same(exits, [1])
  t.match(logs.find(line => line.msg === 'graceful-close: closing failed'), { err: { message: 'pool would not close' } })
})

t.test('a hanging onClose hook hits the deadline: exit 1, phase logged', async t => {
  const { app, logs } = build({ pluginTimeout: 0 })
  const exits: number[] = []
  let release: () => void = () => {}
  await app.register(gracefulClose, { timeout: 300, closeIdleAfter: 0, exit: code => exits.push(code) })
  app.addHook('onClose', () => new Promise<void>(resolve => { release = resolve }))
  await app.ready()
  const result = await app.shutdown()
  t.equal(result.exitCode, 1)
  t.equal(result.timedOut, true)
  t.same(exits, [1])
  const line = logs.find(line => line.err !== undefined && (line.err as { code?: string }).code === 'GW_GRACEFUL_CLOSE_DEADLINE')
  t.match(line, { level: 50, phase: 'closing', openRequests: [] })
  release()
  await sleep(10)
})
