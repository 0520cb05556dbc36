import t from 'tap'
import Fastify from 'fastify'
import keepAlive, { GW_KEEPALIVE_INVALID_OPTION } from '../src/index.js'

t.test('applies keepAliveTimeout to the server', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(keepAlive, { keepAliveTimeout: 61_000 })
  await app.ready()
  t.equal(app.server.keepAliveTimeout, 61_000)
})

t.test('defaults keepAliveTimeout', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(keepAlive)
  await app.ready()
  t.equal(app.server.keepAliveTimeout, 72_000)
})

t.test('rejects a negative keepAliveTimeout', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.register(keepAlive, { keepAliveTimeout: -1 })
  await t.rejects(async () => { await app.ready() }, GW_KEEPALIVE_INVALID_OPTION)
})
