import { PassThrough } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import Fastify from 'fastify'
import keepAlive from '../src/index.js'
import { connect, listen, waitFor } from './fixtures/helpers.js'

t.test('closeAfterResponses(): responses carry Connection: close and end their socket, idle sockets stay open and are answered', async t => {
  const app = Fastify()
  let release!: () => void
  const released = new Promise<void>(resolve => { release = resolve })
  const stream = new PassThrough()
  app.get('/', async () => 'ok')
  app.get('/slow', async () => { await released; return 'slow' })
  app.get('/stream', async (_request, reply) => reply.type('text/plain').send(stream))
  await app.register(keepAlive)
  const port = await listen(app)
  t.teardown(async () => { release(); await app.close() })

  const idle = connect(port)
  idle.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await waitFor(() => idle.received().endsWith('ok'))
  const busy = connect(port)
  busy.socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n')
  const streaming = connect(port)
  streaming.socket.write('GET /stream HTTP/1.1\r\nHost: x\r\n\r\n')
  stream.write('first ')
  await waitFor(() => streaming.received().includes('first'))
  await waitFor(() => app.connections.active === 2)

  const lingering = app.connections.closeAfterResponses({ timeout: 20_000 })
  t.equal(app.connections.closeAfterResponses(), lingering, 'idempotent')
  t.equal(app.connections.draining, true)

  await sleep(200)
  t.equal(idle.events.end, undefined, 'the idle socket is not ended')
  idle.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await idle.closed
  t.match(idle.received(), /^HTTP\/1.1 200 OK\r\n[^]*Connection: keep-alive[^]*ok(HTTP\/1.1 200 OK\r\n)[^]*Connection: close\r\n[^]*ok$/, 'its next request is answered, with Connection: close')
  t.equal(idle.events.error, undefined)

  release()
  await busy.closed
  t.match(busy.received(), /Connection: close\r\n[^]*slow$/, 'the response in flight carries Connection: close')

  stream.end('last')
  await streaming.closed
  t.match(streaming.received(), /Connection: keep-alive[^]*first [^]*last/, 'a response whose headers were out is delivered whole')
  t.ok(streaming.events.end !== undefined, 'and its socket is ended after it')

  t.same(await lingering, { remaining: 0, upgraded: 0, timedOut: false })
  t.same(await app.connections.drain(), { remaining: 0, upgraded: 0, timedOut: false }, 'nothing left for the drain')
})

t.test('closeAfterResponses() gives up at its timeout with the idle sockets still open; the drain then ends them', async t => {
  const app = Fastify()
  app.get('/', async () => 'ok')
  await app.register(keepAlive, { drainTimeout: 200 })
  const port = await listen(app)
  t.teardown(() => app.close())

  const idle = connect(port)
  idle.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await waitFor(() => idle.received().endsWith('ok'))
  const started = Date.now()
  t.same(await app.connections.closeAfterResponses(), { remaining: 1, upgraded: 0, timedOut: true }, 'the default timeout is drainTimeout')
  t.ok(Date.now() - started >= 150, 'waited for it')
  t.equal(idle.events.end, undefined)
  t.same(await app.connections.drain({ timeout: 20_000 }), { remaining: 0, upgraded: 0, timedOut: false })
  t.ok(idle.events.end !== undefined, 'the drain ended it with a FIN')
  t.equal(idle.events.error, undefined)
})

t.test('closing the app settles a closeAfterResponses() still waiting', async t => {
  const app = Fastify()
  app.get('/', async () => 'ok')
  await app.register(keepAlive)
  const port = await listen(app)
  const idle = connect(port)
  idle.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await waitFor(() => idle.received().endsWith('ok'))
  const lingering = app.connections.closeAfterResponses({ timeout: 60_000 })
  const started = Date.now()
  await app.close()
  // keep-alive's onClose runs before Fastify closes the server, so the idle socket is still counted.
  t.same(await lingering, { remaining: 1, upgraded: 0, timedOut: false })
  t.ok(Date.now() - started < 5_000, 'settled by the close, not by its 60 s timeout')
})
