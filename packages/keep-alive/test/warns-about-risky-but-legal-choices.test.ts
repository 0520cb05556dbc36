import t from 'tap'
import Fastify from 'fastify'
import keepAlive, { serverOptions } from '../src/index.js'
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

t.test('a headers limit shorter than the connections check is reported, and serverOptions() fixes it', async t => {
  t.match(await warningsFor({ headersTimeout: 5_000, requestTimeout: 10_000 }), [
    { option: 'connectionsCheckingInterval', value: 30_000, msg: /longer than the 5000 ms headers\/request limit.*serverOptions\(\)/ }
  ])
  const opts: KeepAliveOptions = { preset: 'direct' }
  t.same(await warningsFor(opts, serverOptions(opts)), [])
  t.same(await warningsFor({ preset: 'aws-alb' }), [])
})

t.test('keepAliveTimeoutBuffer on a Node without it is reported and ignored', async t => {
  t.match(await warningsFor({ preset: 'aws-alb', keepAliveTimeoutBuffer: 2_000 }), [
    { option: 'keepAliveTimeoutBuffer', msg: /needs Node >= 24.6.*fixed 1000 ms buffer\): ignored/ }
  ])
})
