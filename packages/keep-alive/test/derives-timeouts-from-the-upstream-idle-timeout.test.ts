import t from 'tap'
import fc from 'fast-check'
import Fastify from 'fastify'
import keepAlive, { deriveFromUpstream, presets } from '../src/index.js'
import type { KeepAliveOptions } from '../src/index.js'

async function serverAfter (opts: KeepAliveOptions, fastifyOpts = {}) {
  const app = Fastify(fastifyOpts)
  await app.register(keepAlive, opts)
  await app.ready()
  await app.close()
  const s = app.server
  return { keepAliveTimeout: s.keepAliveTimeout, headersTimeout: s.headersTimeout, requestTimeout: s.requestTimeout, timeout: s.timeout, connectionsCheckingInterval: (s as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval, maxRequestsPerSocket: s.maxRequestsPerSocket }
}

t.test('proxy presets put keepAliveTimeout above the proxy idle timeout', async t => {
  t.match(await serverAfter({ preset: 'aws-alb' }), { keepAliveTimeout: 66_000, headersTimeout: 60_000, requestTimeout: 300_000 })
  t.match(await serverAfter({ preset: 'nginx' }), { keepAliveTimeout: 66_000, headersTimeout: 60_000, requestTimeout: 300_000 })
  t.match(await serverAfter({ preset: 'gcp-lb' }), { keepAliveTimeout: 660_000, headersTimeout: 60_000, requestTimeout: 660_000 })
})

t.test('the direct preset sets tight slow-client limits', async t => {
  t.same(await serverAfter({ preset: 'direct' }), {
    keepAliveTimeout: 5_000, headersTimeout: 10_000, requestTimeout: 30_000, timeout: 120_000, connectionsCheckingInterval: 250, maxRequestsPerSocket: 0
  })
})

t.test('upstreamIdleTimeout overrides the preset proxy timeout, explicit values override derived ones', async t => {
  t.match(await serverAfter({ preset: 'aws-alb', upstreamIdleTimeout: 120_000 }), { keepAliveTimeout: 132_000 })
  t.match(await serverAfter({ upstreamIdleTimeout: 30_000 }), { keepAliveTimeout: 35_000, headersTimeout: 60_000, requestTimeout: 300_000 })
  t.match(await serverAfter({ preset: 'aws-alb', keepAliveTimeout: 61_000, headersTimeout: 5_000, maxRequestsPerSocket: 100, timeout: 1 }), {
    keepAliveTimeout: 61_000, headersTimeout: 5_000, requestTimeout: 300_000, maxRequestsPerSocket: 100, timeout: 1
  })
  t.match(await serverAfter({ preset: 'direct', upstreamIdleTimeout: 10_000 }), { keepAliveTimeout: 15_000, timeout: 120_000 })
})

t.test('a shorter requestTimeout pulls a non-explicit headersTimeout down with it, as Node does', async t => {
  t.match(await serverAfter({ preset: 'aws-alb', requestTimeout: 20_000 }), { headersTimeout: 20_000, requestTimeout: 20_000 })
  t.match(await serverAfter({ requestTimeout: 20_000 }), { headersTimeout: 20_000, requestTimeout: 20_000 })
})

t.test('without options, values the plugin does not set stay as Fastify made them (its keepAliveTimeout wins)', async t => {
  t.match(await serverAfter({}, { keepAliveTimeout: 42_000 }), { keepAliveTimeout: 42_000, requestTimeout: 0, headersTimeout: 60_000 })
  t.match(await serverAfter({ keepAliveTimeout: 50_000 }, { keepAliveTimeout: 42_000 }), { keepAliveTimeout: 50_000 })
  t.match(await serverAfter({ preset: 'nginx' }, { keepAliveTimeout: 42_000 }), { keepAliveTimeout: 66_000 })
})

t.test('presets are frozen data', async t => {
  t.ok(Object.isFrozen(presets))
  t.equal(presets['aws-alb'].upstreamIdleTimeout, 60_000)
})

t.test('derivation: whole seconds, strictly above upstream by >= 5 s and >= 10 %, headers within request', async t => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 1_900_000_000 }), upstream => {
    const d = deriveFromUpstream(upstream)
    return d.keepAliveTimeout % 1000 === 0 &&
      d.keepAliveTimeout - upstream >= 5_000 &&
      d.keepAliveTimeout - upstream >= upstream * 0.1 &&
      d.headersTimeout <= d.requestTimeout &&
      d.requestTimeout >= d.keepAliveTimeout
  }))
  t.pass('property holds')
})
