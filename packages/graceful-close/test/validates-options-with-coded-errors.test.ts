import t from 'tap'
import Fastify from 'fastify'
import gracefulClose, { GW_CLOSE_DELAY_EXCEEDS_TIMEOUT, GW_CLOSE_INVALID_OPTION, type GracefulCloseOptions } from '../src/index.js'

const invalid: Array<[string, unknown]> = [
  ['drainDelay', -1],
  ['drainDelay', 1.5],
  ['drainDelay', '1000'],
  ['timeout', 0],
  ['closeIdleAfter', -5],
  ['closeIdleAfter', null],
  ['timeout', 2 ** 31],
  ['timeout', Number.NaN],
  ['readinessPath', 'health'],
  ['livenessPath', 42],
  ['handleSignals', 'yes'],
  ['signals', []],
  ['signals', ['SIGKILL']],
  ['signals', 'SIGTERM'],
  ['exit', 1],
  ['signalSource', {}]
]

for (const [name, value] of invalid) {
  t.test(`${name}: ${String(value)} is rejected before the app starts`, async t => {
    const app = Fastify()
    t.teardown(() => app.close())
    app.register(gracefulClose, { [name]: value } as GracefulCloseOptions)
    await t.rejects(async () => { await app.ready() }, GW_CLOSE_INVALID_OPTION)
  })
}

t.test('the two probes cannot share a path', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.register(gracefulClose, { readinessPath: '/health', livenessPath: '/health' })
  await t.rejects(async () => { await app.ready() }, { code: 'GW_CLOSE_INVALID_OPTION', statusCode: 500 })
})

t.test('exit: false cannot go with handleSignals, since close-with-grace always exits', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.register(gracefulClose, { handleSignals: true, exit: false })
  await t.rejects(async () => { await app.ready() }, /close-with-grace always ends the process/)
})

t.test('a drain delay at or above the timeout is rejected', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.register(gracefulClose, { drainDelay: 5000, timeout: 5000 })
  await t.rejects(async () => { await app.ready() }, GW_CLOSE_DELAY_EXCEEDS_TIMEOUT)
})

t.test('the drain delay and closeIdleAfter together must stay below the timeout', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.register(gracefulClose, { drainDelay: 4500, closeIdleAfter: 500, timeout: 5000 })
  await t.rejects(async () => { await app.ready() }, { code: 'GW_CLOSE_DELAY_EXCEEDS_TIMEOUT', message: /drainDelay \+ closeIdleAfter \(5000 ms\)/ })
})

t.test('valid options are accepted', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(gracefulClose, { drainDelay: 0, closeIdleAfter: 0, timeout: 1, exit: false, signals: ['SIGTERM'] })
  await app.ready()
  t.equal(app.shutdownPhase, 'ready')
})
