import t from 'tap'
import fp from 'fastify-plugin'
import keepAlive from '@groundwork/keep-alive'
import gracefulClose from '../src/index.js'
import { build } from './fixtures/helpers.js'

for (const order of ['before', 'after'] as const) {
  t.test(`fastify.connections is the tracker used when keep-alive is registered ${order} graceful-close`, async t => {
    const { app, logs } = build()
    const events: string[] = []
    if (order === 'before') await app.register(keepAlive, { preset: 'aws-alb' })
    await app.register(gracefulClose, { timeout: 4000 })
    if (order === 'after') await app.register(keepAlive, { preset: 'aws-alb' })
    app.addHook('onClose', async () => { events.push(`onClose, draining ${String(app.connections.draining)}`) })
    await app.ready()
    const result = await app.shutdown()
    t.equal(result.exitCode, 0)
    t.same(events, ['onClose, draining true'], 'the drain went through fastify.connections, before the close')
    t.match(logs.find(line => line.phase === 'drain'), { via: 'fastify.connections', remaining: 0, upgraded: 0, timedOut: false })
    t.same(logs.filter(line => line.level >= 40), [], 'nothing to warn about')
  })
}

// Someone else's decorator of that name: graceful-close cannot drain through it.
const notATracker = fp(async fastify => {
  fastify.decorate('connections', { drain: async () => ({ remaining: 0, timedOut: false }) } as never)
}, { name: 'not-a-tracker' })

t.test('a fastify.connections that is not keep-alive\'s tracker is left alone, with a warning', async t => {
  const { app, logs } = build()
  await app.register(notATracker)
  await app.register(gracefulClose, { timeout: 4000 })
  await app.ready()
  t.match(logs.filter(line => line.level === 40), [{ msg: /fastify\.connections is not @groundwork\/keep-alive's connection tracker.*tracks the connections itself/ }])
  const result = await app.shutdown()
  t.equal(result.exitCode, 0)
  t.match(logs.find(line => line.phase === 'drain'), { via: 'own tracker', remaining: 0, upgraded: 0, timedOut: false })
})
