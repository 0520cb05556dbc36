import { ServerResponse, type IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import keepAlive from '../src/index.js'
import { connect, listen, waitFor } from './fixtures/helpers.js'

const SWITCH = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n'
const UPGRADE = 'GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n'

/** An owner of upgraded sockets that closes them when the app closes, as @fastify/websocket does in preClose. */
function ownUpgrades (app: FastifyInstance, handover: (req: IncomingMessage, socket: Duplex) => void = () => {}): Set<Duplex> {
  const owned = new Set<Duplex>()
  app.server.on('upgrade', (req, socket) => {
    owned.add(socket)
    handover(req, socket)
    socket.on('end', () => { socket.end() })
    socket.write(SWITCH)
  })
  app.addHook('preClose', async () => { for (const socket of owned) socket.end() })
  return owned
}

t.test('an upgraded socket is neither active nor idle, and the drain neither ends it nor waits for it', async t => {
  const app = Fastify()
  app.get('/', async () => 'ok')
  await app.register(keepAlive)
  // @fastify/websocket gives the upgraded socket a ServerResponse of its own: still an upgraded socket.
  ownUpgrades(app, (req, socket) => { new ServerResponse(req).assignSocket(socket as never) })
  const port = await listen(app)
  t.teardown(() => app.close())

  const upgraded = connect(port)
  upgraded.socket.write(UPGRADE)
  await waitFor(() => upgraded.received().includes('101 Switching Protocols'))
  const idle = connect(port)
  idle.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await waitFor(() => idle.received().endsWith('ok'))
  t.match(app.connections.snapshot(), { open: 2, active: 0, idle: 1, upgraded: 1 })
  t.equal(app.connections.upgraded, 1)
  t.same(app.connections.openRequests(), [], 'an upgraded socket has no request in flight')

  const started = Date.now()
  t.same(await app.connections.drain({ timeout: 20_000 }), { remaining: 0, upgraded: 1, timedOut: false })
  t.ok(Date.now() - started < 5_000, 'resolved once the HTTP connections were gone')
  t.ok(idle.events.end !== undefined, 'the idle socket got a FIN')
  t.equal(upgraded.events.end, undefined, 'the upgraded one did not')
  await app.close()
  await upgraded.closed
  t.equal(upgraded.events.error, undefined, 'its owner closed it, cleanly')
})

t.test('a connection upgraded during the drain stops being waited for, and so does one taken by CONNECT', async t => {
  const app = Fastify()
  await app.register(keepAlive)
  ownUpgrades(app)
  app.server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('end', () => { socket.end() })
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
  })
  const accepted: Socket[] = []
  app.server.on('connection', (socket: Socket) => { accepted.push(socket) })
  const port = await listen(app)
  t.teardown(() => app.close())

  // Half of an upgrade request is in when the drain starts: it is served, so the drain waits for it.
  const arriving = connect(port)
  arriving.socket.write('GET /ws HTTP/1.1\r\nHost: x\r\n')
  const tunnel = connect(port)
  tunnel.socket.write('CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n')
  await waitFor(() => tunnel.received().includes('200 Connection Established'))
  await arriving.connected
  await waitFor(() => accepted.some(socket => socket.remotePort === arriving.socket.localPort && socket.bytesRead > 0))
  t.equal(app.connections.upgraded, 1, 'the tunnel')

  const drained = app.connections.drain({ timeout: 20_000 })
  arriving.socket.write('Upgrade: test\r\nConnection: Upgrade\r\n\r\n')
  await waitFor(() => arriving.received().includes('101 Switching Protocols'))
  t.same(await drained, { remaining: 0, upgraded: 2, timedOut: false })
  tunnel.socket.destroy()
  arriving.socket.destroy()
  await waitFor(() => app.connections.open === 0)
})

t.test('the tracker listens for upgrades only while the app does, so Node hands over no socket nobody owns', async t => {
  const app = Fastify()
  app.get('/ws', async () => 'plain answer')
  await app.register(keepAlive)
  const port = await listen(app)
  t.teardown(() => app.close())
  const server = app.server
  t.equal(server.listenerCount('upgrade'), 0)
  t.equal(server.listenerCount('connect'), 0)

  // Nobody handles upgrades: Node serves the request as a plain one, as without the tracker.
  const plain = connect(port)
  plain.socket.write(UPGRADE)
  await waitFor(() => plain.received().endsWith('plain answer'))
  t.match(plain.received(), /^HTTP\/1.1 200 OK/)
  plain.socket.destroy()

  const owner = (): void => {}
  server.on('upgrade', owner)
  t.equal(server.listenerCount('upgrade'), 2, 'the app\'s listener and the tracker\'s')
  t.not(server.listeners('upgrade')[0], owner, 'the tracker\'s runs first')
  server.once('upgrade', owner)
  server.removeListener('upgrade', owner)
  t.equal(server.listenerCount('upgrade'), 2, 'still one of the app\'s')
  server.removeListener('upgrade', owner)
  t.equal(server.listenerCount('upgrade'), 0, 'the tracker\'s went with the last of the app\'s')
  server.prependListener('connect', owner)
  t.equal(server.listenerCount('connect'), 2)
  server.removeAllListeners('connect')
  t.equal(server.listenerCount('connect'), 0)
})
