import t from 'tap'
import gracefulClose from '../src/index.js'
import { build, fakeSignals } from './fixtures/helpers.js'

t.test('handleSignals is opt-in: no signal source is installed by default', async t => {
  const { app } = build()
  const fake = fakeSignals()
  t.teardown(() => app.close())
  await app.register(gracefulClose, { signalSource: fake.source })
  await app.ready()
  t.equal(fake.state.installed, 0)
})

t.test('close-with-grace is set up for SIGTERM and SIGINT only, without its own deadline or logger', async t => {
  const { app } = build()
  const fake = fakeSignals()
  await app.register(gracefulClose, { handleSignals: true, signalSource: fake.source, exit: fake.exit })
  await app.ready()
  t.equal(fake.state.installed, 1)
  const options = fake.state.options!
  t.equal(options.delay, false)
  t.equal(options.logger, false)
  t.notOk(options.skip?.includes('SIGTERM'))
  t.notOk(options.skip?.includes('SIGINT'))
  t.ok(options.skip?.includes('SIGHUP'))
  t.ok(options.skip?.includes('beforeExit'))
  t.notOk(options.skip?.includes('uncaughtException'))
  await app.close()
  t.equal(fake.state.uninstalled, 1, 'uninstalled on close')
})

t.test('SIGTERM runs the sequence and exits 0; a second signal exits 1 at once', async t => {
  const { app, logs } = build()
  const fake = fakeSignals()
  await app.register(gracefulClose, { handleSignals: true, signalSource: fake.source, exit: fake.exit, drainDelay: 100 })
  await app.ready()
  const running = fake.state.fn!({ signal: 'SIGTERM' })
  t.equal((await app.inject('/health/ready')).statusCode, 503)
  fake.state.options!.onSecondSignal!('SIGTERM')
  t.same(fake.state.exits, [1], 'the second signal exits 1 before the sequence ends')
  t.match(logs.find(line => line.msg === 'second SIGTERM: exiting 1 at once'), { level: 50, err: { code: 'GW_GRACEFUL_CLOSE_SECOND_SIGNAL' } })
  await running
  t.same(fake.state.exits, [1, 0])
  t.match(logs.find(line => line.msg.includes('shutdown started')), { trigger: 'SIGTERM' })
})

t.test('the configured signals are the ones listened to', async t => {
  const { app } = build()
  const fake = fakeSignals()
  t.teardown(() => app.close())
  await app.register(gracefulClose, { handleSignals: true, signalSource: fake.source, exit: fake.exit, signals: ['SIGTERM', 'SIGHUP'] })
  await app.ready()
  t.notOk(fake.state.options!.skip?.includes('SIGHUP'))
  t.ok(fake.state.options!.skip?.includes('SIGINT'))
})

t.test('an uncaught error is logged, the sequence runs, and the exit code is 1', async t => {
  const { app, logs } = build()
  const fake = fakeSignals()
  const order: string[] = []
  await app.register(gracefulClose, { handleSignals: true, signalSource: fake.source, exit: code => { order.push(`exit ${code}`) } })
  app.addHook('onClose', async () => { order.push('onClose') })
  await app.ready()
  // close-with-grace exits 1 when its callback rejects: the rejection must happen.
  await t.rejects(fake.state.fn!({ err: new Error('boom') }), /exit code 1/)
  t.same(order, ['onClose', 'exit 1'])
  t.match(logs.find(line => line.msg.includes('uncaught error')), { level: 50, err: { message: 'boom' } })
  fake.state.options!.onSecondError!(new Error('again'))
  t.same(order, ['onClose', 'exit 1', 'exit 1'])
  t.match(logs.find(line => line.msg.includes('another uncaught error')), { err: { message: 'again' } })
})

t.test('with handleSignals and no exit option the process exit is used', async t => {
  const { app } = build()
  const fake = fakeSignals()
  const exits: Array<number | string | null | undefined> = []
  const realExit = process.exit
  process.exit = ((code?: number | string | null) => { exits.push(code) }) as typeof process.exit
  t.teardown(() => { process.exit = realExit })
  await app.register(gracefulClose, { handleSignals: true, signalSource: fake.source })
  await app.ready()
  await fake.state.fn!({ signal: 'SIGINT' })
  t.same(exits, [0])
})

t.test('exit: true means process.exit even without handleSignals', async t => {
  const { app } = build()
  const exits: Array<number | string | null | undefined> = []
  const realExit = process.exit
  process.exit = ((code?: number | string | null) => { exits.push(code) }) as typeof process.exit
  t.teardown(() => { process.exit = realExit })
  await app.register(gracefulClose, { exit: true })
  await app.ready()
  await app.shutdown()
  t.same(exits, [0])
})
