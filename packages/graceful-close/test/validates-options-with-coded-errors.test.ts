import t from 'tap'
import Fastify from 'fastify'
import gracefulClose, { GW_GRACEFUL_CLOSE_DELAY_EXCEEDS_TIMEOUT, GW_GRACEFUL_CLOSE_INVALID_OPTION, type GracefulCloseOptions } from '../src/index.js'

const signalList = 'SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGUSR2, SIGTERM'

const invalid: Array<[string, unknown, string]> = [
  ['drainDelay', -1, 'drainDelay must be >= 0'],
  ['drainDelay', 1.5, 'drainDelay must be integer'],
  ['drainDelay', '1000', 'drainDelay must be integer'],
  ['timeout', 0, 'timeout must be >= 1'],
  ['closeIdleAfter', -5, 'closeIdleAfter must be >= 0'],
  ['closeIdleAfter', null, 'closeIdleAfter must be integer'],
  ['timeout', 2 ** 31, 'timeout must be <= 2147483647'],
  ['timeout', Number.NaN, 'timeout must be integer'],
  ['readinessPath', 'health', 'readinessPath must be a path starting with "/"'],
  ['livenessPath', 42, 'livenessPath must be string'],
  ['handleSignals', 'yes', 'handleSignals must be boolean'],
  ['signals', [], 'signals must not have fewer than 1 items'],
  ['signals', ['SIGKILL'], `signals.0 must be one of ${signalList}`],
  ['signals', 'SIGTERM', 'signals must be array'],
  ['exit', 1, 'exit must be a boolean or a function'],
  ['signalSource', {}, 'signalSource must be function'],
  ['longLivedTimeout', -1, 'longLivedTimeout must be >= 0'],
  ['longLivedTimeout', 2 ** 31, 'longLivedTimeout must be <= 2147483647'],
  ['webSocketClose', 1001, 'webSocketClose must be object'],
  ['webSocketClose', { code: 1006 }, 'webSocketClose.code must be a close code a server may send: 1000-1003, 1007-1014 or 3000-4999'],
  ['webSocketClose', { code: 2000 }, 'webSocketClose.code must be a close code a server may send: 1000-1003, 1007-1014 or 3000-4999'],
  ['webSocketClose', { code: 1001.5 }, 'webSocketClose.code must be integer'],
  ['webSocketClose', { reason: 'é'.repeat(62) }, 'webSocketClose.reason must be at most 123 bytes in UTF-8'],
  ['webSocketClose', { cause: 'x' }, 'webSocketClose.cause is not a known option (check its spelling)'],
  // A misspelled option used to be ignored, silently.
  ['drainDelayMs', 1000, 'drainDelayMs is not a known option (check its spelling)']
]

for (const [name, value, problem] of invalid) {
  t.test(`${name}: ${typeof value === 'number' ? String(value) : JSON.stringify(value)} is rejected before the app starts`, async t => {
    const app = Fastify()
    t.teardown(() => app.close())
    app.register(gracefulClose, { [name]: value } as GracefulCloseOptions)
    await t.rejects(async () => { await app.ready() }, GW_GRACEFUL_CLOSE_INVALID_OPTION)
    await t.rejects(async () => { await app.ready() }, { statusCode: 500, message: `Invalid @groundwork/graceful-close options: ${problem}` })
  })
}

t.test('every problem is listed in one error, each with its path', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.register(gracefulClose, { drainDelayMs: 1000, timeout: 0, signals: [] } as GracefulCloseOptions)
  await t.rejects(async () => { await app.ready() }, {
    code: 'GW_GRACEFUL_CLOSE_INVALID_OPTION',
    message: 'Invalid @groundwork/graceful-close options: drainDelayMs is not a known option (check its spelling); timeout must be >= 1; signals must not have fewer than 1 items'
  })
})

t.test('Fastify\'s register options and explicit undefined values are accepted', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(gracefulClose, { prefix: '/x', logLevel: 'warn', drainDelay: undefined, exit: undefined } as GracefulCloseOptions)
  await app.ready()
  t.equal(app.shutdownPhase, 'ready')
})

t.test('the two probes cannot share a path', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.register(gracefulClose, { readinessPath: '/health', livenessPath: '/health' })
  await t.rejects(async () => { await app.ready() }, { code: 'GW_GRACEFUL_CLOSE_INVALID_OPTION', statusCode: 500, message: 'Invalid @groundwork/graceful-close options: livenessPath must differ from readinessPath' })
})

t.test('exit: false cannot go with handleSignals, since close-with-grace always exits', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.register(gracefulClose, { handleSignals: true, exit: false })
  await t.rejects(async () => { await app.ready() }, { code: 'GW_GRACEFUL_CLOSE_INVALID_OPTION', message: /exit false cannot be combined with handleSignals: true, since close-with-grace always ends the process/ })
})

t.test('a drain delay at or above the timeout is rejected', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.register(gracefulClose, { drainDelay: 5000, timeout: 5000 })
  await t.rejects(async () => { await app.ready() }, GW_GRACEFUL_CLOSE_DELAY_EXCEEDS_TIMEOUT)
})

t.test('the drain delay and closeIdleAfter together must stay below the timeout', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.register(gracefulClose, { drainDelay: 4500, closeIdleAfter: 500, timeout: 5000 })
  await t.rejects(async () => { await app.ready() }, { code: 'GW_GRACEFUL_CLOSE_DELAY_EXCEEDS_TIMEOUT', message: /drainDelay \+ the longer of closeIdleAfter and longLivedTimeout \(5000 ms\)/ })
})

t.test('so must the drain delay and a longLivedTimeout set explicitly; the default one is clamped at run time instead', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.register(gracefulClose, { drainDelay: 1000, closeIdleAfter: 0, longLivedTimeout: 4000, timeout: 5000 })
  await t.rejects(async () => { await app.ready() }, { code: 'GW_GRACEFUL_CLOSE_DELAY_EXCEEDS_TIMEOUT', message: /\(5000 ms\) must be shorter than timeout \(5000 ms\)/ })
  const defaulted = Fastify()
  t.teardown(() => defaulted.close())
  await defaulted.register(gracefulClose, { drainDelay: 0, closeIdleAfter: 0, timeout: 500 })
  await defaulted.ready()
  t.equal(defaulted.shutdownPhase, 'ready')
})

t.test('a close code and reason of its own, and longLivedTimeout 0, are accepted', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(gracefulClose, { longLivedTimeout: 0, webSocketClose: { code: 4000, reason: 'é'.repeat(61) } })
  await app.ready()
  t.equal(app.shutdownPhase, 'ready')
})

t.test('valid options are accepted', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(gracefulClose, { drainDelay: 0, closeIdleAfter: 0, timeout: 1, exit: false, signals: ['SIGTERM'] })
  await app.ready()
  t.equal(app.shutdownPhase, 'ready')
})
