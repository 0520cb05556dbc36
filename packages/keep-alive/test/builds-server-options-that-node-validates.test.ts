import http from 'node:http'
import t from 'tap'
import Fastify from 'fastify'
import keepAlive, { GW_KEEP_ALIVE_HEADERS_AFTER_REQUEST_TIMEOUT, serverOptions } from '../src/index.js'

t.test('the direct preset as Fastify and http.createServer options', async t => {
  const options = serverOptions({ preset: 'direct' })
  t.same(options, {
    keepAliveTimeout: 5_000,
    requestTimeout: 30_000,
    connectionTimeout: 120_000,
    http: { keepAliveTimeout: 5_000, requestTimeout: 30_000, headersTimeout: 10_000, connectionsCheckingInterval: 250 }
  })
  const app = Fastify(options)
  t.teardown(() => app.close())
  await app.ready()
  const server = app.server as http.Server & { connectionsCheckingInterval: number }
  t.match(server, { keepAliveTimeout: 5_000, requestTimeout: 30_000, headersTimeout: 10_000, timeout: 120_000, connectionsCheckingInterval: 250 })

  const plain = http.createServer(options.http)
  t.match(plain, { keepAliveTimeout: 5_000, headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 250 })
})

t.test('Node itself validates what serverOptions returns', async t => {
  const options = serverOptions({ requestTimeout: 20_000 })
  t.same(options, { requestTimeout: 20_000, http: { requestTimeout: 20_000, headersTimeout: 20_000, connectionsCheckingInterval: 333 } })
  t.doesNotThrow(() => http.createServer(options.http))
  t.throws(() => http.createServer({ ...options.http, headersTimeout: 30_000 }), { code: 'ERR_OUT_OF_RANGE' })
})

t.test('every value is passed on, and nothing when nothing is chosen', async t => {
  t.same(serverOptions(), { http: {} })
  t.same(serverOptions({ maxRequestsPerSocket: 50, keepAliveTimeoutBuffer: 2_000, upstreamIdleTimeout: 30_000 }), {
    keepAliveTimeout: 35_000,
    requestTimeout: 300_000,
    maxRequestsPerSocket: 50,
    http2SessionTimeout: 35_000,
    http: { keepAliveTimeout: 35_000, requestTimeout: 300_000, headersTimeout: 60_000, connectionsCheckingInterval: 1_000, keepAliveTimeoutBuffer: 2_000 }
  })
})

t.test('it throws the plugin\'s coded errors', async t => {
  t.throws(() => serverOptions({ headersTimeout: 2, requestTimeout: 1 }), GW_KEEP_ALIVE_HEADERS_AFTER_REQUEST_TIMEOUT)
})

t.test('the same options object serves Fastify and the plugin', async t => {
  const opts = { preset: 'gcp-lb' as const, maxRequestsPerSocket: 1000 }
  const app = Fastify(serverOptions(opts))
  t.teardown(() => app.close())
  await app.register(keepAlive, opts)
  await app.ready()
  t.match(app.server, { keepAliveTimeout: 660_000, requestTimeout: 660_000, headersTimeout: 60_000, maxRequestsPerSocket: 1000 })
})

t.test('an HTTP/2 Fastify gets its session timeout from the same options, derived or explicit', async t => {
  t.equal(serverOptions({ upstreamIdleTimeout: 30_000 }).http2SessionTimeout, 35_000, 'derived like keepAliveTimeout')
  t.equal(serverOptions({ sessionTimeout: 90_000 }).http2SessionTimeout, 90_000, 'explicit')
  t.equal(serverOptions({ preset: 'direct' }).http2SessionTimeout, undefined, 'nothing to derive it from: Fastify keeps its own')
  const app = Fastify({ http2: true, ...serverOptions({ upstreamIdleTimeout: 30_000 }) })
  t.teardown(() => app.close())
  await app.ready()
  t.equal(app.initialConfig.http2SessionTimeout, 35_000)
})
