import type { Socket } from 'node:net'
import t from 'tap'
import Fastify from 'fastify'
import { Client } from 'undici'
import keepAlive from '../src/index.js'
import { connect, listen, waitFor } from './fixtures/helpers.js'

t.test('drain(): in-flight requests finish with Connection: close, idle sockets get a FIN, arriving requests are served', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(keepAlive, { preset: 'aws-alb' })
  let release!: () => void
  const released = new Promise<void>(resolve => { release = resolve })
  app.get('/', async () => ({ ok: true }))
  app.get('/slow', async () => { await released; return { slow: true } })
  const port = await listen(app)
  const serverSockets: Socket[] = []
  app.server.on('connection', (socket: Socket) => { serverSockets.push(socket) })

  // An idle keep-alive connection, watched byte by byte.
  const idle = connect(port)
  idle.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await waitFor(() => idle.received().includes('{"ok":true}'))

  // A request in flight when the drain starts.
  const busy = new Client(`http://127.0.0.1:${port}`)
  t.teardown(() => busy.close())
  const slow = busy.request({ method: 'GET', path: '/slow' })

  // A request whose first bytes are in before the drain and the rest after it.
  const arriving = connect(port)
  arriving.socket.write('GET / HTTP/1.1\r\nHo')
  await arriving.connected
  await waitFor(() => serverSockets.some(socket => socket.remotePort === arriving.socket.localPort && socket.bytesRead > 0))

  await waitFor(() => app.connections.active === 1 && app.connections.open === 3)
  t.match(app.connections.snapshot(), { open: 3, active: 1, idle: 2, accepted: 3, requests: 2, draining: false })
  t.equal(app.connections.idle, 2)

  const drained = app.connections.drain({ timeout: 20_000 })
  t.equal(app.connections.drain(), drained, 'drain() is idempotent')
  t.equal(app.connections.draining, true)

  await idle.closed
  t.ok(idle.events.end !== undefined, 'the idle socket got a FIN')
  t.equal(idle.events.error, undefined, 'and no reset')

  arriving.socket.write('st: x\r\n\r\n')
  await arriving.closed
  t.match(arriving.received(), /^HTTP\/1.1 200 OK\r\n[^]*Connection: close\r\n[^]*\{"ok":true\}$/, 'served, not 503')
  t.equal(arriving.events.error, undefined)

  release()
  const res = await slow
  t.equal(res.statusCode, 200)
  t.equal(res.headers.connection, 'close')
  t.same(await res.body.json(), { slow: true })

  t.same(await drained, { remaining: 0, upgraded: 0, timedOut: false })
  t.match(app.connections.snapshot(), { open: 0, active: 0, idle: 0, accepted: 3, closed: 3, requests: 3, requestsPerConnection: 1, draining: true })

  // drain() leaves the listening socket open: a new connection is served, then closed.
  const late = connect(port)
  late.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await late.closed
  t.match(late.received(), /^HTTP\/1.1 200 OK\r\n[^]*Connection: close\r\n/)
  t.equal(late.events.error, undefined)
})

t.test('drain() with nothing open resolves at once', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(keepAlive)
  await listen(app)
  t.same(await app.connections.drain(), { remaining: 0, upgraded: 0, timedOut: false })
})
