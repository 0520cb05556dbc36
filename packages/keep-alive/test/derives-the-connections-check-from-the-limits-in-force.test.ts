import http from 'node:http'
import { readFileSync } from 'node:fs'
import t from 'tap'
import fc from 'fast-check'
import Fastify from 'fastify'
import keepAlive, { FASTIFY_SERVER_DEFAULTS, deriveCheckingInterval, resolveSettings, serverOptions } from '../src/index.js'
import type { KeepAliveOptions } from '../src/index.js'
import { TIMER_MAX } from '@groundwork/shared'

function resolve (opts: KeepAliveOptions, listening = false) {
  return resolveSettings(opts, { inherited: { ...FASTIFY_SERVER_DEFAULTS }, bufferSupported: false, listening })
}

t.test('a sixtieth of the shortest non-zero limit, at least 250 ms and at most Node\'s 30 s', async t => {
  t.equal(deriveCheckingInterval({ headersTimeout: 2_000, requestTimeout: 10_000 }), 250, '33 ms raised to the floor')
  t.equal(deriveCheckingInterval({ headersTimeout: 10_000, requestTimeout: 30_000 }), 250)
  t.equal(deriveCheckingInterval({ headersTimeout: 20_000, requestTimeout: 20_000 }), 333, 'rounded down to whole ms')
  t.equal(deriveCheckingInterval({ headersTimeout: 60_000, requestTimeout: 300_000 }), 1_000)
  t.equal(deriveCheckingInterval({ headersTimeout: 0, requestTimeout: 120_000 }), 2_000, 'a 0 limit is not in force')
  t.equal(deriveCheckingInterval({ headersTimeout: 90_000, requestTimeout: 0 }), 1_500)
  t.equal(deriveCheckingInterval({ headersTimeout: 100, requestTimeout: 0 }), 250, 'floor even above the limit itself')
  t.equal(deriveCheckingInterval({ headersTimeout: 1_800_000, requestTimeout: 0 }), 30_000)
  t.equal(deriveCheckingInterval({ headersTimeout: 3_600_000, requestTimeout: TIMER_MAX }), 30_000, 'ceiling')
  t.equal(deriveCheckingInterval({ headersTimeout: 0, requestTimeout: 0 }), undefined, 'nothing to enforce')
})

t.test('property: within the bounds, and a slow client is cut at most 1 s late for limits of 2 s to 60 s', async t => {
  const limit = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: TIMER_MAX }))
  fc.assert(fc.property(limit, limit, (headersTimeout, requestTimeout) => {
    const derived = deriveCheckingInterval({ headersTimeout, requestTimeout })
    const inForce = [headersTimeout, requestTimeout].filter(value => value > 0)
    if (inForce.length === 0) return derived === undefined
    const shortest = Math.min(...inForce)
    return derived !== undefined && Number.isInteger(derived) &&
      derived >= 250 && derived <= 30_000 &&
      derived <= Math.max(250, shortest / 60) &&
      (shortest < 2_000 || shortest > 60_000 || derived <= 1_000)
  }))
  t.pass('property holds')
})

t.test('limits set through the options bring a derived interval', async t => {
  const explicit = resolve({ headersTimeout: 2_000, requestTimeout: 10_000 })
  t.equal(explicit.applied.connectionsCheckingInterval, 250)
  t.equal(explicit.effective.connectionsCheckingInterval, 250)
  t.equal(explicit.sources.connectionsCheckingInterval, 'derived')

  t.match(resolve({ upstreamIdleTimeout: 30_000 }), { applied: { headersTimeout: 60_000, connectionsCheckingInterval: 1_000 }, sources: { connectionsCheckingInterval: 'derived' } })
  t.match(resolve({ preset: 'aws-alb' }).applied, { connectionsCheckingInterval: 1_000 })
  t.match(resolve({ preset: 'gcp-lb' }).applied, { connectionsCheckingInterval: 1_000 })
  t.match(resolve({ preset: 'direct' }).applied, { headersTimeout: 10_000, connectionsCheckingInterval: 250 })
  // headersTimeout shrinks to the chosen requestTimeout first, then the interval follows it.
  t.match(resolve({ requestTimeout: 20_000 }).applied, { headersTimeout: 20_000, connectionsCheckingInterval: 333 })
  // A limit chosen as 0 leaves the other one, inherited, as the one to enforce.
  t.match(resolve({ requestTimeout: 0 }).applied, { requestTimeout: 0, connectionsCheckingInterval: 1_000 })
})

t.test('an explicit interval wins over the derived one', async t => {
  const settings = resolve({ headersTimeout: 2_000, requestTimeout: 10_000, connectionsCheckingInterval: 5_000 })
  t.equal(settings.applied.connectionsCheckingInterval, 5_000)
  t.equal(settings.sources.connectionsCheckingInterval, 'explicit')
  t.equal(settings.derivedCheckingInterval, 250, 'still known, for the warning')
  t.equal(serverOptions({ preset: 'direct', connectionsCheckingInterval: 2_000 }).http.connectionsCheckingInterval, 2_000)
})

t.test('no derivation when both limits are 0, nor when no limit is chosen', async t => {
  const none = resolve({ headersTimeout: 0, requestTimeout: 0 })
  t.equal(none.applied.connectionsCheckingInterval, undefined)
  t.equal(none.sources.connectionsCheckingInterval, 'server')
  t.equal(none.derivedCheckingInterval, undefined)
  t.equal(serverOptions({ headersTimeout: 0, requestTimeout: 0 }).http.connectionsCheckingInterval, undefined)

  // Only the limits keep-alive sets bring an interval; the server's own stay with the server's check.
  const keepAliveOnly = resolve({ keepAliveTimeout: 10_000 })
  t.equal(keepAliveOnly.applied.connectionsCheckingInterval, undefined)
  t.equal(keepAliveOnly.sources.connectionsCheckingInterval, 'server')
  t.equal(keepAliveOnly.derivedCheckingInterval, 1_000)
  t.same(serverOptions({}), { http: {} })
})

t.test('a finer interval the server already has is kept', async t => {
  const settings = resolveSettings({ preset: 'aws-alb' }, { inherited: { ...FASTIFY_SERVER_DEFAULTS, connectionsCheckingInterval: 100 }, bufferSupported: false })
  t.equal(settings.applied.connectionsCheckingInterval, undefined)
  t.equal(settings.effective.connectionsCheckingInterval, 100)
  t.equal(settings.sources.connectionsCheckingInterval, 'server')

  const app = Fastify({ http: { connectionsCheckingInterval: 100 } })
  t.teardown(() => app.close())
  await app.register(keepAlive, { preset: 'aws-alb' })
  await app.ready()
  t.match(app.server, { headersTimeout: 60_000, connectionsCheckingInterval: 100 })
})

t.test('a server that already listens keeps its interval: the one keep-alive wanted is held back', async t => {
  const settings = resolve({ headersTimeout: 2_000, requestTimeout: 10_000 }, true)
  t.equal(settings.applied.connectionsCheckingInterval, undefined)
  t.equal(settings.effective.connectionsCheckingInterval, 30_000)
  t.equal(settings.sources.connectionsCheckingInterval, 'server')
  t.equal(settings.heldCheckingInterval, 250)
  t.equal(settings.applied.headersTimeout, 2_000, 'the limits themselves are read at every check, so they still apply')
  t.equal(resolve({ keepAliveTimeout: 10_000 }, true).heldCheckingInterval, undefined)
})

t.test('serverOptions() hands the derived interval to http.createServer, which accepts it', async t => {
  const options = serverOptions({ headersTimeout: 2_000, requestTimeout: 10_000 })
  t.same(options, { requestTimeout: 10_000, http: { requestTimeout: 10_000, headersTimeout: 2_000, connectionsCheckingInterval: 250 } })
  const server = http.createServer(options.http) as http.Server & { connectionsCheckingInterval: number }
  t.equal(server.connectionsCheckingInterval, 250)
})

t.test('the plugin sets the same interval on a plain Fastify() server, before it listens', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(keepAlive, { headersTimeout: 2_000, requestTimeout: 10_000 })
  await app.ready()
  t.equal((app.server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval, 250)
})

t.test('over HTTPS, where Fastify passes no http options to the server, the plugin sets it all the same', async t => {
  const app = Fastify({
    https: {
      key: readFileSync(new URL('./fixtures/key.pem', import.meta.url)),
      cert: readFileSync(new URL('./fixtures/cert.pem', import.meta.url))
    }
  })
  t.teardown(() => app.close())
  await app.register(keepAlive, { headersTimeout: 2_000, requestTimeout: 10_000 })
  await app.ready()
  t.match(app.server, { headersTimeout: 2_000, connectionsCheckingInterval: 250 })
})
