import t from 'tap'
import Fastify from 'fastify'
import keepAlive from '../src/index.js'
import { connect, listen, waitFor } from './fixtures/helpers.js'

t.test('drain() resolves at its timeout with the sockets still open; the default comes from drainTimeout', async t => {
  const app = Fastify()
  let release!: () => void
  const released = new Promise<void>(resolve => { release = resolve })
  app.get('/hang', async () => { await released; return 'late' })
  await app.register(keepAlive, { drainTimeout: 300 })
  const port = await listen(app)
  t.teardown(async () => { release(); await app.close() })

  const raw = connect(port)
  raw.socket.write('GET /hang HTTP/1.1\r\nHost: x\r\n\r\n')
  await waitFor(() => app.connections.active === 1)
  const started = Date.now()
  t.same(await app.connections.drain(), { remaining: 1, upgraded: 0, timedOut: true })
  t.ok(Date.now() - started >= 250, 'waited for the timeout')
  t.equal(app.connections.draining, true, 'still in closing mode')
  t.equal(raw.events.close, undefined, 'drain() does not cut requests in flight')

  release()
  await raw.closed
  t.match(raw.received(), /Connection: close\r\n[^]*late$/)
  t.equal(raw.events.error, undefined)
})
