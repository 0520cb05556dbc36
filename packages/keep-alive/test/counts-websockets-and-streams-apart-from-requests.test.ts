import type { Duplex } from 'node:stream'
import t from 'tap'
import Fastify from 'fastify'
import keepAlive from '../src/index.js'
import { connect, listen, waitFor } from './fixtures/helpers.js'

const SWITCH = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'

t.test('WebSockets, other upgrades, tunnels, event streams and marked streams are each counted and listed by kind', async t => {
  const app = Fastify()
  await app.register(keepAlive)
  const owned = new Set<Duplex>()
  app.server.on('upgrade', (req, socket) => {
    owned.add(socket)
    socket.write(req.headers.upgrade === 'websocket' ? SWITCH : 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n')
  })
  app.server.on('connect', (_req, socket: Duplex) => {
    owned.add(socket)
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
  })
  app.addHook('preClose', async () => { for (const socket of owned) socket.destroy() })
  let release = (): void => {}
  const released = new Promise<void>(resolve => { release = resolve })
  // An event stream: recognised by the request's Accept header alone.
  app.get('/events', (_request, reply) => {
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' })
    reply.raw.write('data: hello\n\n')
    released.then(() => { reply.raw.end() }, () => {})
  })
  // A long poll its handler declares long-lived.
  app.get('/poll', (_request, reply) => {
    app.connections.markLongLived(reply.raw)
    released.then(() => { reply.send({ polled: true }) }, () => {})
  })
  // A slow request: active, not long-lived.
  app.get('/slow', async () => { await released; return 'done' })
  t.teardown(() => app.close())
  const port = await listen(app)

  const clients = {
    websocket: connect(port),
    h2c: connect(port),
    tunnel: connect(port),
    events: connect(port),
    poll: connect(port),
    slow: connect(port),
    idle: connect(port)
  }
  // A socket that never sent a request is not idle to Node, and would hold app.close() up.
  t.teardown(() => { clients.idle.socket.destroy() })
  clients.websocket.socket.write('GET /chat?room=1 HTTP/1.1\r\nHost: x\r\nUpgrade: WebSocket\r\nConnection: Upgrade\r\n\r\n')
  clients.h2c.socket.write('GET /other HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n')
  clients.tunnel.socket.write('CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n')
  clients.events.socket.write('GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n')
  clients.poll.socket.write('GET /poll HTTP/1.1\r\nHost: x\r\n\r\n')
  clients.slow.socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n')
  await clients.idle.connected
  await waitFor(() => clients.websocket.received().includes(' 101 ') && clients.h2c.received().includes(' 101 ') &&
    clients.tunnel.received().includes(' 200 ') && clients.events.received().includes('data: hello') && app.connections.requests === 3)

  t.match(app.connections.snapshot(), { open: 7, active: 1, idle: 1, upgraded: 3, streams: 2 })
  t.equal(app.connections.streams, 2)
  t.same(app.connections.openRequests().map(request => request.url), ['/slow'], 'streams are not requests being answered')
  const longLived = app.connections.longLived().map(({ kind, method, url }) => ({ kind, method, url }))
  t.same(new Set(longLived.map(connection => JSON.stringify(connection))), new Set([
    { kind: 'websocket', method: 'GET', url: '/chat?room=1' },
    { kind: 'upgraded', method: 'GET', url: '/other' },
    { kind: 'tunnel', method: 'CONNECT', url: 'example.org:443' },
    { kind: 'stream', method: 'GET', url: '/events' },
    { kind: 'stream', method: 'GET', url: '/poll' }
  ].map(connection => JSON.stringify(connection))))
  t.ok(app.connections.longLived().every(connection => connection.connectionAgeMs >= 0))

  release()
  await waitFor(() => app.connections.snapshot().streams === 0 && app.connections.active === 0)
  t.match(app.connections.snapshot(), { open: 7, active: 0, idle: 4, upgraded: 3, streams: 0 }, 'once the streams end, their sockets are idle HTTP sockets again')
})
