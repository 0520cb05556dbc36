import t from 'tap'
import Fastify from 'fastify'
import keepAlive, { GW_KEEP_ALIVE_HEADERS_AFTER_REQUEST_TIMEOUT } from '../src/index.js'
import { captureLogs } from './fixtures/helpers.js'

const stubServer = () => ({ on () {}, once () {}, close (cb: () => void) { cb() }, address () { return null } }) as never

t.test('with an inject-only stub server: options validated, nothing applied, an inert tracker', async t => {
  const logs = captureLogs('info')
  const app = Fastify({ logger: logs.logger, serverFactory: stubServer })
  t.teardown(() => app.close())
  await app.register(keepAlive, { preset: 'aws-alb' })
  app.get('/', async () => ({ ok: true }))
  await app.ready()
  t.match(logs.lines, [{ msg: /not an HTTP server.*nothing applied/ }])
  const res = await app.inject('/')
  t.equal(res.statusCode, 200)
  t.same(app.connections.snapshot(), { open: 0, active: 0, idle: 0, upgraded: 0, streams: 0, sessions: 0, http2Streams: 0, accepted: 0, closed: 0, requests: 0, requestsPerConnection: 0, draining: false })
  t.same(await app.connections.drain(), { remaining: 0, upgraded: 0, timedOut: false })
  t.equal(app.connections.draining, true)
})

t.test('with an inject-only stub server: invalid options are still refused, using Fastify\'s own values', async t => {
  const app = Fastify({ requestTimeout: 1_000, serverFactory: stubServer })
  t.teardown(() => app.close())
  app.register(keepAlive, { headersTimeout: 5_000 })
  await t.rejects(async () => { await app.ready() }, GW_KEEP_ALIVE_HEADERS_AFTER_REQUEST_TIMEOUT)
})
