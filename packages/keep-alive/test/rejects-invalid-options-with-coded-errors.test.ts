import t from 'tap'
import type { Test } from 'tap'
import Fastify from 'fastify'
import keepAlive, {
  GW_KEEPALIVE_HEADERS_AFTER_REQUEST_TIMEOUT,
  GW_KEEPALIVE_INVALID_OPTION,
  GW_KEEPALIVE_NEGATIVE_VALUE,
  GW_KEEPALIVE_NON_FINITE_VALUE,
  GW_KEEPALIVE_NOT_ABOVE_UPSTREAM,
  GW_KEEPALIVE_UNKNOWN_OPTION,
  GW_KEEPALIVE_UNKNOWN_PRESET,
  GW_KEEPALIVE_VALUE_TOO_LARGE
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

t.test('negative values', async t => {
  await rejects(t, { keepAliveTimeout: -1 }, GW_KEEPALIVE_NEGATIVE_VALUE, /"keepAliveTimeout" is negative \(-1\): use a value >= 0/)
  await rejects(t, { maxRequestsPerSocket: -5 }, GW_KEEPALIVE_NEGATIVE_VALUE, /maxRequestsPerSocket/)
})

t.test('non-finite values', async t => {
  await rejects(t, { headersTimeout: Number.NaN }, GW_KEEPALIVE_NON_FINITE_VALUE, /"headersTimeout" is NaN: use a finite number/)
  await rejects(t, { requestTimeout: Infinity }, GW_KEEPALIVE_NON_FINITE_VALUE, /"requestTimeout" is Infinity/)
  await rejects(t, { upstreamIdleTimeout: -Infinity }, GW_KEEPALIVE_NON_FINITE_VALUE, /upstreamIdleTimeout/)
})

t.test('wrong types, fractions, unknown keys and presets', async t => {
  await rejects(t, { timeout: '30s' }, GW_KEEPALIVE_INVALID_OPTION, /"timeout": expected a number of milliseconds, got string/)
  await rejects(t, { keepAliveTimeout: 1.5 }, GW_KEEPALIVE_INVALID_OPTION, /expected an integer, got 1.5/)
  await rejects(t, { upstreamIdleTimeout: 0 }, GW_KEEPALIVE_INVALID_OPTION, /omit upstreamIdleTimeout/)
  await rejects(t, { keepaliveTimeout: 1000 }, GW_KEEPALIVE_UNKNOWN_OPTION, /Unknown keep-alive option "keepaliveTimeout"/)
  await rejects(t, { preset: 'aws' }, GW_KEEPALIVE_UNKNOWN_PRESET, /"aws": use one of aws-alb, gcp-lb, nginx, direct/)
  await rejects(t, { drainTimeout: -1 }, GW_KEEPALIVE_NEGATIVE_VALUE, /drainTimeout/)
})

t.test('values beyond what a Node timer can hold', async t => {
  await rejects(t, { timeout: 2 ** 31 }, GW_KEEPALIVE_VALUE_TOO_LARGE, /"timeout" is 2147483648 ms/)
  await rejects(t, { keepAliveTimeout: 2 ** 31 - 1 }, GW_KEEPALIVE_VALUE_TOO_LARGE, /above the largest timer Node can arm \(2147482647 ms\)/)
  await rejects(t, { keepAliveTimeout: 2 ** 31, keepAliveTimeoutBuffer: 0 }, GW_KEEPALIVE_VALUE_TOO_LARGE, /2147483647 ms/)
  await rejects(t, { upstreamIdleTimeout: 2_000_000_000 }, GW_KEEPALIVE_VALUE_TOO_LARGE, /derived from upstreamIdleTimeout/)
})

t.test('headersTimeout greater than requestTimeout', async t => {
  await rejects(t, { headersTimeout: 20_000, requestTimeout: 10_000 }, GW_KEEPALIVE_HEADERS_AFTER_REQUEST_TIMEOUT,
    /headersTimeout \(20000 ms\) is greater than requestTimeout \(10000 ms\)/)
  // requestTimeout inherited from Fastify's own option
  await rejects(t, { headersTimeout: 90_000 }, GW_KEEPALIVE_HEADERS_AFTER_REQUEST_TIMEOUT, /requestTimeout \(30000 ms\)/, { requestTimeout: 30_000 })
})

t.test('keepAliveTimeout not above the proxy idle timeout', async t => {
  await rejects(t, { preset: 'aws-alb', keepAliveTimeout: 60_000 }, GW_KEEPALIVE_NOT_ABOVE_UPSTREAM,
    /keepAliveTimeout \(60000 ms\) must be greater than upstreamIdleTimeout \(60000 ms\).*502.*66000 ms/)
  await rejects(t, { upstreamIdleTimeout: 60_000, keepAliveTimeout: 5_000 }, GW_KEEPALIVE_NOT_ABOVE_UPSTREAM, /5000 ms/)
})

t.test('Fastify register options pass through', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(keepAlive, { prefix: '/x', logLevel: 'error', requestTimeout: 1000 } as object)
  await app.ready()
  t.equal(app.server.requestTimeout, 1000)
})

t.test('drain() rejects an invalid timeout without starting to drain', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(keepAlive)
  await app.ready()
  await t.rejects(app.connections.drain({ timeout: -1 }), GW_KEEPALIVE_NEGATIVE_VALUE)
  t.equal(app.connections.draining, false)
})
