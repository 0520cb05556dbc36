import t from 'tap'
import type { Test } from 'tap'
import Fastify from 'fastify'
import keepAlive, {
  FASTIFY_SERVER_DEFAULTS,
  GW_KEEP_ALIVE_HEADERS_AFTER_REQUEST_TIMEOUT,
  GW_KEEP_ALIVE_INVALID_OPTION,
  GW_KEEP_ALIVE_NOT_ABOVE_UPSTREAM,
  GW_KEEP_ALIVE_VALUE_TOO_LARGE,
  resolveSettings,
  serverOptions
} from '../src/index.js'

async function rejects (t: Test, opts: unknown, ErrorClass: unknown, message: RegExp, fastifyOpts = {}) {
  const app = Fastify(fastifyOpts)
  t.teardown(() => app.close())
  const before = app.server.keepAliveTimeout
  app.register(keepAlive, opts as object)
  await t.rejects(async () => { await app.ready() }, ErrorClass as Error)
  await t.rejects(async () => { await app.ready() }, { statusCode: 500, message })
  t.equal(app.server.keepAliveTimeout, before, 'the server is not touched')
}

const invalid = (problems: string): RegExp => new RegExp(`^Invalid @groundwork/keep-alive options: ${problems}$`)

t.test('negative values', async t => {
  await rejects(t, { keepAliveTimeout: -1 }, GW_KEEP_ALIVE_INVALID_OPTION, invalid('keepAliveTimeout must be >= 0'))
  await rejects(t, { maxRequestsPerSocket: -5 }, GW_KEEP_ALIVE_INVALID_OPTION, invalid('maxRequestsPerSocket must be >= 0'))
})

t.test('non-finite values', async t => {
  await rejects(t, { headersTimeout: Number.NaN }, GW_KEEP_ALIVE_INVALID_OPTION, invalid('headersTimeout must be integer'))
  await rejects(t, { requestTimeout: Infinity }, GW_KEEP_ALIVE_INVALID_OPTION, invalid('requestTimeout must be integer'))
  await rejects(t, { upstreamIdleTimeout: -Infinity }, GW_KEEP_ALIVE_INVALID_OPTION, invalid('upstreamIdleTimeout must be integer'))
})

t.test('wrong types, fractions, unknown keys and presets', async t => {
  await rejects(t, { timeout: '30s' }, GW_KEEP_ALIVE_INVALID_OPTION, invalid('timeout must be integer'))
  await rejects(t, { keepAliveTimeout: 1.5 }, GW_KEEP_ALIVE_INVALID_OPTION, invalid('keepAliveTimeout must be integer'))
  await rejects(t, { upstreamIdleTimeout: 0 }, GW_KEEP_ALIVE_INVALID_OPTION, /upstreamIdleTimeout must be above 0: .*omit upstreamIdleTimeout instead$/)
  await rejects(t, { keepaliveTimeout: 1000 }, GW_KEEP_ALIVE_INVALID_OPTION, invalid('keepaliveTimeout is not a known option \\(check its spelling\\)'))
  await rejects(t, { preset: 'aws' }, GW_KEEP_ALIVE_INVALID_OPTION, invalid('preset must be one of aws-alb, gcp-lb, nginx, direct'))
  await rejects(t, { drainTimeout: -1 }, GW_KEEP_ALIVE_INVALID_OPTION, invalid('drainTimeout must be >= 0'))
})

t.test('every problem is listed in one error, each with its path', async t => {
  await rejects(t, { keepaliveTimeout: 1000, timeout: -1, preset: 'aws', drainTimeout: 0.5 }, GW_KEEP_ALIVE_INVALID_OPTION,
    invalid('keepaliveTimeout is not a known option \\(check its spelling\\); preset must be one of aws-alb, gcp-lb, nginx, direct; timeout must be >= 0; drainTimeout must be integer'))
})

t.test('values beyond what a Node timer can hold', async t => {
  await rejects(t, { timeout: 2 ** 31 }, GW_KEEP_ALIVE_INVALID_OPTION, invalid('timeout must be <= 2147483647'))
  // keepAliveTimeout and its buffer are armed as one timer: a rule across fields, with its own code.
  await rejects(t, { keepAliveTimeout: 2 ** 31 - 1 }, GW_KEEP_ALIVE_VALUE_TOO_LARGE, /"keepAliveTimeout" is 2147483647 ms, above the largest timer Node can arm \(2147482647 ms\)/)
  await rejects(t, { keepAliveTimeout: 2 ** 31, keepAliveTimeoutBuffer: 0 }, GW_KEEP_ALIVE_INVALID_OPTION, invalid('keepAliveTimeout must be <= 2147483647'))
  await rejects(t, { upstreamIdleTimeout: 2_000_000_000 }, GW_KEEP_ALIVE_VALUE_TOO_LARGE, /derived from upstreamIdleTimeout/)
})

t.test('headersTimeout greater than requestTimeout', async t => {
  await rejects(t, { headersTimeout: 20_000, requestTimeout: 10_000 }, GW_KEEP_ALIVE_HEADERS_AFTER_REQUEST_TIMEOUT,
    /headersTimeout \(20000 ms\) is greater than requestTimeout \(10000 ms\)/)
  // requestTimeout inherited from Fastify's own option
  await rejects(t, { headersTimeout: 90_000 }, GW_KEEP_ALIVE_HEADERS_AFTER_REQUEST_TIMEOUT, /requestTimeout \(30000 ms\)/, { requestTimeout: 30_000 })
})

t.test('keepAliveTimeout not above the proxy idle timeout', async t => {
  await rejects(t, { preset: 'aws-alb', keepAliveTimeout: 60_000 }, GW_KEEP_ALIVE_NOT_ABOVE_UPSTREAM,
    /keepAliveTimeout \(60000 ms\) must be greater than upstreamIdleTimeout \(60000 ms\).*502.*66000 ms/)
  await rejects(t, { upstreamIdleTimeout: 60_000, keepAliveTimeout: 5_000 }, GW_KEEP_ALIVE_NOT_ABOVE_UPSTREAM, /5000 ms/)
})

t.test('resolveSettings() and serverOptions() throw the plugin\'s errors', async t => {
  const context = { inherited: { ...FASTIFY_SERVER_DEFAULTS }, bufferSupported: false }
  for (const check of [(opts: object) => resolveSettings(opts, context), (opts: object) => serverOptions(opts)]) {
    t.throws(() => check({ timeout: -1, presett: 'nginx' }), { code: 'GW_KEEP_ALIVE_INVALID_OPTION', statusCode: 500, message: invalid('presett is not a known option \\(check its spelling\\); timeout must be >= 0') })
    t.throws(() => check({ keepAliveTimeout: 2 ** 31 - 1 }), GW_KEEP_ALIVE_VALUE_TOO_LARGE)
    t.throws(() => check({ headersTimeout: 2, requestTimeout: 1 }), GW_KEEP_ALIVE_HEADERS_AFTER_REQUEST_TIMEOUT)
    t.throws(() => check({ upstreamIdleTimeout: 10_000, keepAliveTimeout: 10_000 }), GW_KEEP_ALIVE_NOT_ABOVE_UPSTREAM)
  }
  t.throws(() => resolveSettings(null as never, context), { code: 'GW_KEEP_ALIVE_INVALID_OPTION', message: /\(options\) must be object/ })
})

t.test('Fastify register options pass through', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(keepAlive, { prefix: '/x', logLevel: 'error', requestTimeout: 1000 } as object)
  await app.ready()
  t.equal(app.server.requestTimeout, 1000)
})

t.test('drain() and closeAfterResponses() reject invalid options without starting to close', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(keepAlive)
  await app.ready()
  await t.rejects(app.connections.drain({ timeout: -1 }), { code: 'GW_KEEP_ALIVE_INVALID_OPTION', message: 'Invalid connections.drain() options: timeout must be >= 0' })
  await t.rejects(app.connections.drain({ timeout: 2 ** 31 }), GW_KEEP_ALIVE_INVALID_OPTION)
  await t.rejects(app.connections.drain({ timout: 5 } as object), { message: /timout is not a known option/ })
  await t.rejects(app.connections.closeAfterResponses({ timeout: 1.5 }), { code: 'GW_KEEP_ALIVE_INVALID_OPTION', message: 'Invalid connections.closeAfterResponses() options: timeout must be integer' })
  t.equal(app.connections.draining, false)
})
