import t from 'tap'
import fp from 'fastify-plugin'
import gracefulClose from '../src/index.js'
import { build } from './fixtures/helpers.js'

// Stands in for @groundwork/keep-alive: only the part of contract 1 graceful-close uses.
const fakeKeepAlive = fp(async (fastify, opts: { calls: Array<{ timeout?: number }>, log: string[] }) => {
  fastify.decorate('connections', {
    drain: async (options: { timeout?: number } = {}) => {
      opts.calls.push(options)
      opts.log.push('drain')
      return { remaining: 0, timedOut: false }
    }
  })
}, { name: 'fake-keep-alive' })

t.test('connections.drain() is used when keep-alive is registered, even after graceful-close', async t => {
  const { app, logs } = build()
  const calls: Array<{ timeout?: number }> = []
  const order: string[] = []
  await app.register(gracefulClose, { timeout: 4000 })
  await app.register(fakeKeepAlive, { calls, log: order })
  app.addHook('onClose', async () => { order.push('onClose') })
  await app.ready()
  const result = await app.shutdown()
  t.equal(result.exitCode, 0)
  t.equal(calls.length, 1)
  t.ok(calls[0]!.timeout! > 3000 && calls[0]!.timeout! <= 4000, `the drain gets the remaining budget (${calls[0]!.timeout})`)
  t.same(order, ['drain', 'onClose'])
  t.match(logs.find(line => line.phase === 'drain'), { via: 'connections.drain()', remaining: 0, timedOut: false })
})
