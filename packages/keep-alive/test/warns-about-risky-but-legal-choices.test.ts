import http from 'node:http'
import t from 'tap'
import Fastify from 'fastify'
import keepAlive, { FASTIFY_SERVER_DEFAULTS, resolveSettings, serverOptions } from '../src/index.js'
import { findRisks } from '../src/options.js'
import type { KeepAliveOptions } from '../src/index.js'
import { captureLogs } from './fixtures/helpers.js'

async function warningsFor (opts: KeepAliveOptions, fastifyOpts = {}) {
  const logs = captureLogs('warn')
  const app = Fastify({ ...fastifyOpts, logger: logs.logger })
  await app.register(keepAlive, opts)
  await app.ready()
  await app.close()
  return logs.warnings().map(line => ({ option: line.keepAlive?.option, value: line.keepAlive?.value, msg: line.msg }))
}

t.test('Fastify\'s default requestTimeout of 0 is reported', async t => {
  const warnings = await warningsFor({})
  t.match(warnings, [{ option: 'requestTimeout', value: 0, msg: /unlimited time to send a request body/ }])
  t.equal(warnings.length, 1)
})

t.test('no slow-client protection at all is reported', async t => {
  t.match(await warningsFor({ headersTimeout: 0, requestTimeout: 0 }), [
    { option: 'requestTimeout' },
    { option: 'headersTimeout', msg: /never disconnects a client that dribbles its headers/ }
  ])
})

t.test('keepAliveTimeout 0 behind a proxy is legal (it never races the proxy) but reported', async t => {
  t.match(await warningsFor({ preset: 'nginx', keepAliveTimeout: 0 }), [{ option: 'keepAliveTimeout', value: 0, msg: /never closes idle keep-alive connections/ }])
})

t.test('a very long keepAliveTimeout is reported', async t => {
  t.match(await warningsFor({ keepAliveTimeout: 3_600_000, requestTimeout: 3_600_000 }), [{ option: 'keepAliveTimeout', msg: /more than 15 minutes/ }])
})

t.test('limits given to the plugin bring their own connections check: nothing to warn about, with or without serverOptions()', async t => {
  const opts: KeepAliveOptions = { headersTimeout: 5_000, requestTimeout: 10_000 }
  t.same(await warningsFor(opts), [])
  t.same(await warningsFor(opts, serverOptions(opts)), [])
  t.same(await warningsFor({ preset: 'direct' }, serverOptions({ preset: 'direct' })), [])
  t.same(await warningsFor({ preset: 'aws-alb' }), [])
})

t.test('an explicit connections check longer than the limit is reported with the interval that would be derived', async t => {
  t.match(await warningsFor({ headersTimeout: 5_000, requestTimeout: 10_000, connectionsCheckingInterval: 30_000 }), [{
    option: 'connectionsCheckingInterval',
    value: 30_000,
    msg: /is 30000 ms, longer than the 5000 ms headers\/request limit: .*up to 35000 ms; lower connectionsCheckingInterval, or omit it to have it derived: serverOptions\(\) and the plugin derive 250 ms for this limit/
  }])
  // Coarser than derived but not longer than the limit: a deliberate choice, not reported.
  t.same(await warningsFor({ headersTimeout: 5_000, requestTimeout: 10_000, connectionsCheckingInterval: 5_000 }), [])
})

t.test('limits the server has from elsewhere, with Node\'s 30 s check, are reported with the interval to use', async t => {
  t.match(await warningsFor({ keepAliveTimeout: 10_000 }, { requestTimeout: 20_000, http: { headersTimeout: 5_000 } }), [{
    option: 'connectionsCheckingInterval',
    value: 30_000,
    msg: /longer than the 5000 ms headers\/request limit.*the limits come from the server.*give them to serverOptions\(\) and the plugin, which then derive 250 ms, or set connectionsCheckingInterval to 250/
  }])
})

t.test('a limit below the 250 ms floor is reported: derived intervals stop there', async t => {
  t.match(await warningsFor({ headersTimeout: 100, requestTimeout: 10_000 }), [{
    option: 'connectionsCheckingInterval',
    value: 250,
    msg: /is 250 ms, longer than the 100 ms headers\/request limit.*derives no interval under 250 ms; for a tighter cut set connectionsCheckingInterval/
  }])
  t.same(await warningsFor({ headersTimeout: 100, requestTimeout: 10_000, connectionsCheckingInterval: 50 }), [])
})

// Feature detection on a real server rather than a version check: the property has reached more than
// one release line, and the property is what the plugin itself looks for.
const bufferSupported = typeof (http.createServer() as http.Server & { keepAliveTimeoutBuffer?: unknown }).keepAliveTimeoutBuffer === 'number'

t.test('keepAliveTimeoutBuffer on a Node without it is reported and ignored', { skip: bufferSupported && `Node ${process.versions.node} has server.keepAliveTimeoutBuffer` }, async t => {
  t.match(await warningsFor({ preset: 'aws-alb', keepAliveTimeoutBuffer: 2_000 }), [
    { option: 'keepAliveTimeoutBuffer', msg: /needs Node >= 24.6.*fixed 1000 ms buffer\): ignored/ }
  ])
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(keepAlive, { preset: 'aws-alb', keepAliveTimeoutBuffer: 2_000 })
  await app.ready()
  t.equal((app.server as unknown as { keepAliveTimeoutBuffer?: number }).keepAliveTimeoutBuffer, undefined, 'not set on the server')
})

t.test('the settings a Node without keepAliveTimeoutBuffer gets leave it out and say so, whichever Node runs the test', async t => {
  const settings = resolveSettings({ preset: 'aws-alb', keepAliveTimeoutBuffer: 2_000 }, { inherited: { ...FASTIFY_SERVER_DEFAULTS }, bufferSupported: false })
  t.equal(settings.keepAliveTimeoutBuffer, undefined)
  t.match(findRisks(settings), [{ option: 'keepAliveTimeoutBuffer', message: /needs Node >= 24.6.*fixed 1000 ms buffer\): ignored/ }])
})

t.test('keepAliveTimeoutBuffer on a Node with it is applied, without a warning', { skip: !bufferSupported && `Node ${process.versions.node} has no server.keepAliveTimeoutBuffer` }, async t => {
  const logs = captureLogs('warn')
  const app = Fastify({ logger: logs.logger })
  t.teardown(() => app.close())
  await app.register(keepAlive, { preset: 'aws-alb', keepAliveTimeoutBuffer: 2_000 })
  await app.ready()
  t.equal((app.server as unknown as { keepAliveTimeoutBuffer: number }).keepAliveTimeoutBuffer, 2_000)
  t.same(logs.warnings(), [])
})
