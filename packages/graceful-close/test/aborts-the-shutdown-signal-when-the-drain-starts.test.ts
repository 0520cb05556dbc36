import net from 'node:net'
import t from 'tap'
import keepAlive from '@groundwork/keep-alive'
import gracefulClose from '../src/index.js'
import { build, sleep } from './fixtures/helpers.js'
import { rawClient } from './fixtures/long-lived-clients.js'

t.test('the signal is not aborted during the drain delay, and aborts with a coded reason when the drain starts', async t => {
  const { app } = build()
  await app.register(gracefulClose, { drainDelay: 300, closeIdleAfter: 0, timeout: 5000 })
  await app.ready()
  t.teardown(() => app.close())
  const phases: string[] = []
  app.shutdownSignal.addEventListener('abort', () => { phases.push(app.shutdownPhase) })
  t.equal(app.shutdownSignal.aborted, false)
  const shutdown = app.shutdown()
  await sleep(100)
  t.equal(app.shutdownSignal.aborted, false, 'still serving during the drain delay')
  await shutdown
  t.same(phases, ['draining'])
  t.match(app.shutdownSignal.reason, { code: 'GW_GRACEFUL_CLOSE_SHUTTING_DOWN', statusCode: 503 })
})

for (const keepAliveRegistered of [false, true]) {
  t.test(`a long poll marked with reply.markLongLived() that ignores the signal is cut at the bound, not waited for until the deadline (${keepAliveRegistered ? 'with keep-alive' : 'own tracker'})`, async t => {
    const { app, logs } = build()
    if (keepAliveRegistered) await app.register(keepAlive)
    await app.register(gracefulClose, { closeIdleAfter: 0, longLivedTimeout: 400, timeout: 8000 })
    app.get('/poll', (_request, reply) => { reply.markLongLived() })
    app.get('/answer', (request, reply) => {
      // A long poll that does listen: it answers as soon as the drain starts.
      reply.markLongLived()
      app.shutdownSignal.addEventListener('abort', () => { reply.send({ reason: 'shutting down' }) }, { once: true })
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as net.AddressInfo
    t.teardown(() => app.close())
    const deaf = rawClient(port, 'GET /poll HTTP/1.1\r\nHost: x\r\n\r\n')
    const listening = rawClient(port, 'GET /answer HTTP/1.1\r\nHost: x\r\n\r\n')
    await sleep(100)

    const started = performance.now()
    const result = await app.shutdown()
    const took = performance.now() - started
    t.match(result, { exitCode: 0, timedOut: false })
    t.ok(took >= 380 && took < 1500, `the sequence took ${Math.round(took)} ms (bound 400 ms, deadline 8000 ms)`)
    t.match(listening.received().toString(), /\r\nConnection: close\r\n[\s\S]*\{"reason":"shutting down"\}$/)
    const line = logs.find(line => line.phase === 'long-lived')
    t.match(line, { closed: 1, cut: [{ kind: 'stream', url: '/poll' }] })
    deaf.socket.destroy()
    listening.socket.destroy()
  })
}

t.test('a plain app.close() also aborts the signal', async t => {
  const { app } = build()
  await app.register(gracefulClose)
  await app.ready()
  await app.close()
  t.equal(app.shutdownSignal.aborted, true)
  t.equal(app.shutdownPhase, 'closed')
})
