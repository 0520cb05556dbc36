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
  t.same(await app.connections.drain(), { remaining: 1, timedOut: true })
  t.ok(Date.now() - started >= 250, 'waited for the timeout')
  t.equal(app.connections.draining, true, 'still in closing mode')
  t.equal(raw.events.close, undefined, 'drain() does not cut requests in flight')

  release()
  await raw.closed
  t.match(raw.received(), /Connection: close\r\n[^]*late$/)
  t.equal(raw.events.error, undefined)
})

t.test('an upgraded socket (e.g. a WebSocket) is left to its owner and counted as remaining', async t => {
  const app = Fastify()
  await app.register(keepAlive)
  const port = await listen(app)
  t.teardown(() => app.close())
  app.server.on('upgrade', (_req, socket) => {
    // The owner of an upgraded socket closes it; HTTP servers allow half-open sockets.
    socket.on('end', () => { socket.end() })
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n')
  })

  const raw = connect(port)
  raw.socket.write('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n')
  await waitFor(() => raw.received().includes('101 Switching Protocols'))
  t.same(await app.connections.drain({ timeout: 0 }), { remaining: 1, timedOut: true })
  await new Promise(resolve => setTimeout(resolve, 100))
  t.equal(raw.events.end, undefined, 'not ended by the drain')
  raw.socket.destroy()
  await waitFor(() => app.connections.open === 0)
})

t.test('without Node\'s connection list, every socket without a response counts as idle', async t => {
  const app = Fastify()
  app.get('/', async () => 'ok')
  await app.register(keepAlive)
  const port = await listen(app)
  t.teardown(() => app.close())

  const raw = connect(port)
  raw.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await waitFor(() => raw.received().endsWith('ok'))
  // Simulates a Node that does not keep the list under this name.
  const server = app.server as unknown as Record<symbol, unknown>
  const key = Object.getOwnPropertySymbols(server).find(symbol => symbol.description === 'http.server.connections')!
  const list = server[key]
  delete server[key]
  t.teardown(() => { server[key] = list })
  t.same(await app.connections.drain({ timeout: 20_000 }), { remaining: 0, timedOut: false })
  t.ok(raw.events.end !== undefined, 'ended with a FIN')
  t.equal(raw.events.error, undefined)
})
