import t from 'tap'
import Fastify from 'fastify'
import body from '../src/index.js'

t.test('each app, and each encapsulated registration, counts only its own requests', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  const children: Array<{ bodyMetrics: typeof app.bodyMetrics }> = []
  for (const prefix of ['/a', '/b']) {
    await app.register(async (child) => {
      await child.register(body)
      child.post('/', async () => ({ ok: true }))
      children.push(child)
    }, { prefix })
  }
  await app.ready()
  const other = Fastify()
  t.teardown(() => other.close())
  await other.register(body)
  await other.ready()

  const response = await app.inject({ method: 'POST', url: '/a', headers: { 'content-type': 'application/json' }, payload: '{' })
  t.equal(response.json().code, 'GW_BODY_INVALID_JSON')
  t.equal(children[0]?.bodyMetrics.rejected.GW_BODY_INVALID_JSON, 1)
  t.equal(children[1]?.bodyMetrics.rejected.GW_BODY_INVALID_JSON, 0)
  t.equal(other.bodyMetrics.rejected.GW_BODY_INVALID_JSON, 0)
})

t.test('a snapshot is a fresh object: changing it changes nothing', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  const first = app.bodyMetrics
  first.rejected.GW_BODY_INVALID_JSON = 99
  first.bytesInflated = 99
  t.not(app.bodyMetrics, first)
  t.equal(app.bodyMetrics.rejected.GW_BODY_INVALID_JSON, 0)
  t.equal(app.bodyMetrics.bytesInflated, 0)
})
