import type { Duplex } from 'node:stream'
import t from 'tap'
import Fastify from 'fastify'
import keepAlive, { trackConnections } from '../src/index.js'
import { connect, listen, waitFor } from './fixtures/helpers.js'

const WEBSOCKET = 'GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'

/** An app with a WebSocket-like owner (which closes on request only when `cooperate`) and an event stream. */
async function appWithLongLived (cooperate: boolean) {
  const app = Fastify()
  await app.register(keepAlive)
  const owned = new Set<Duplex>()
  app.server.on('upgrade', (_req, socket) => {
    owned.add(socket)
    socket.on('error', () => {})
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')
  })
  const stop = new AbortController()
  app.get('/events', (_request, reply) => {
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' })
    reply.raw.write('data: first\n\n')
    if (cooperate) stop.signal.addEventListener('abort', () => { reply.raw.end('event: shutdown\ndata: bye\n\n') })
  })
  const port = await listen(app)
  const tellOwners = (): void => {
    stop.abort()
    if (cooperate) for (const socket of owned) socket.end()
  }
  return { app, port, tellOwners }
}

t.test('connections whose owners close them on request: resolves as soon as the last one is gone, nothing cut', async t => {
  const { app, port, tellOwners } = await appWithLongLived(true)
  t.teardown(() => app.close())
  const ws = connect(port)
  ws.socket.write(WEBSOCKET)
  const events = connect(port)
  events.socket.write('GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n')
  await waitFor(() => ws.received().includes(' 101 ') && events.received().includes('data: first'))

  const started = Date.now()
  const closing = app.connections.closeLongLived({ timeout: 20_000 })
  t.equal(app.connections.closeLongLived(), closing, 'idempotent: later calls get the same promise')
  tellOwners()
  t.same(await closing, { closed: 2, cut: [], timedOut: false })
  t.ok(Date.now() - started < 5_000, `resolved in ${Date.now() - started} ms, not at its 20 s timeout`)
  await events.closed
  t.ok(events.received().includes('event: shutdown\ndata: bye\n\n'), 'the stream got its last event')
  t.ok(events.received().endsWith('\r\n0\r\n\r\n'), 'and a clean end: the last chunk')
  t.not(events.events.end, undefined, 'and its socket a FIN, since the stream was its response')
  t.equal(events.events.error, undefined)
})

t.test('connections whose owners never answer are destroyed at the bound and named', async t => {
  const { app, port } = await appWithLongLived(false)
  t.teardown(() => app.close())
  const ws = connect(port)
  ws.socket.write(WEBSOCKET)
  const events = connect(port)
  events.socket.write('GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n')
  const idle = connect(port)
  // A socket that never sent a request is not idle to Node, and would hold app.close() up.
  t.teardown(() => { idle.socket.destroy() })
  await waitFor(() => ws.received().includes(' 101 ') && events.received().includes('data: first'))
  await idle.connected

  const started = Date.now()
  const result = await app.connections.closeLongLived({ timeout: 300 })
  const took = Date.now() - started
  t.ok(took >= 290 && took < 2_000, `resolved at its bound (${took} ms for 300)`)
  t.match(result, { closed: 0, timedOut: true })
  t.same(result.cut.map(({ kind, url }) => ({ kind, url })).sort((a, b) => a.kind.localeCompare(b.kind)),
    [{ kind: 'stream', url: '/events' }, { kind: 'websocket', url: '/ws' }])
  await Promise.all([ws.closed, events.closed])
  await waitFor(() => app.connections.open === 1)
  t.equal(idle.events.close, undefined, 'the idle HTTP socket is not long-lived and was left alone')
})

t.test('no long-lived connection: resolves at once; a bad timeout rejects with the coded error', async t => {
  const app = Fastify()
  await app.register(keepAlive)
  t.teardown(() => app.close())
  await listen(app)
  await t.rejects(app.connections.closeLongLived({ timeout: -1 }), { code: 'GW_KEEP_ALIVE_INVALID_OPTION' })
  t.same(await app.connections.closeLongLived({ timeout: 10_000 }), { closed: 0, cut: [], timedOut: false })
})

t.test('stop() settles a closeLongLived() still waiting', async t => {
  const app = Fastify()
  const owned = new Set<Duplex>()
  app.server.on('upgrade', (_req, socket) => {
    owned.add(socket)
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')
  })
  const tracker = trackConnections(app.server)
  t.teardown(async () => { for (const socket of owned) socket.destroy(); await app.close() })
  const port = await listen(app)
  const ws = connect(port)
  ws.socket.write(WEBSOCKET)
  await waitFor(() => ws.received().includes(' 101 '))
  const closing = tracker.closeLongLived({ timeout: 60_000 })
  tracker.stop()
  t.same(await closing, { closed: 0, cut: [], timedOut: false })
})
