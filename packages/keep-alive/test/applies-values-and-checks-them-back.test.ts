import http from 'node:http'
import t from 'tap'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import keepAlive, { GW_KEEP_ALIVE_NOT_APPLIED } from '../src/index.js'
import { captureLogs } from './fixtures/helpers.js'

t.test('a server that does not keep a value fails registration', async t => {
  const app = Fastify({
    serverFactory: handler => {
      const server = http.createServer(handler)
      Object.defineProperty(server, 'keepAliveTimeout', { get: () => 5_000, set: () => {} })
      return server
    }
  })
  t.teardown(() => app.close())
  app.register(keepAlive, { preset: 'aws-alb' })
  await t.rejects(async () => { await app.ready() }, GW_KEEP_ALIVE_NOT_APPLIED)
  await t.rejects(async () => { await app.ready() }, { message: /"keepAliveTimeout": set 66000, read back 5000/ })
})

t.test('a value changed after the plugin applied it is reported when the app is ready', async t => {
  const logs = captureLogs('warn')
  const app = Fastify({ logger: logs.logger })
  t.teardown(() => app.close())
  await app.register(keepAlive, { preset: 'aws-alb' })
  await app.register(fp(async instance => { instance.server.keepAliveTimeout = 1_234 }))
  await app.ready()
  t.match(logs.warnings(), [{ keepAlive: { option: 'keepAliveTimeout', expected: 66_000, actual: 1_234 }, msg: /changed to 1234 after the plugin set 66000/ }])
})

t.test('keepAliveTimeoutBuffer is applied where the server has it (Node >= 24.6)', async t => {
  const logs = captureLogs('warn')
  const app = Fastify({
    logger: logs.logger,
    serverFactory: handler => Object.assign(http.createServer(handler), { keepAliveTimeoutBuffer: 1_000 })
  })
  t.teardown(() => app.close())
  await app.register(keepAlive, { preset: 'aws-alb', keepAliveTimeoutBuffer: 3_000 })
  await app.ready()
  t.equal((app.server as unknown as { keepAliveTimeoutBuffer: number }).keepAliveTimeoutBuffer, 3_000)
  t.same(logs.warnings(), [])
})

t.test('a server without Node\'s documented null defaults is read safely', async t => {
  const app = Fastify({
    serverFactory: handler => {
      const server = http.createServer(handler)
      const loose = server as unknown as Record<string, unknown>
      loose.maxRequestsPerSocket = null
      loose.requestTimeout = undefined
      loose.timeout = undefined
      loose.connectionsCheckingInterval = undefined
      return server
    }
  })
  t.teardown(() => app.close())
  await app.register(keepAlive, { keepAliveTimeout: 10_000 })
  await app.ready()
  t.equal(app.server.keepAliveTimeout, 10_000)
  t.equal(app.server.maxRequestsPerSocket, null)
})
