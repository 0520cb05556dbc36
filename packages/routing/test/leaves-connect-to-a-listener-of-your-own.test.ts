import t from 'tap'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import Fastify from 'fastify'
import routing from '../src/index.js'
import { CONNECT_REQUEST, connect, listen, readUntilEnd } from './fixtures/raw-connect.js'

/** A stand-in for a user's forward proxy: it accepts the tunnel, says so and ends. */
function proxy (_request: IncomingMessage, socket: Duplex): void {
  socket.end('HTTP/1.1 200 Connection Established\r\n\r\n')
}

t.test('a \'connect\' listener installed before the app is ready keeps CONNECT to itself', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  app.server.on('connect', proxy)
  const port = await listen(app)
  t.same(app.server.listeners('connect'), [proxy], 'routing added no listener of its own')
  const socket = await connect(port)
  socket.write(CONNECT_REQUEST)
  t.equal(await readUntilEnd(socket), 'HTTP/1.1 200 Connection Established\r\n\r\n')
})

t.test('a \'connect\' listener added after the app is ready wins too', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  const port = await listen(app)
  app.server.on('connect', proxy)
  t.equal(app.server.listenerCount('connect'), 2)
  const socket = await connect(port)
  socket.write(CONNECT_REQUEST)
  t.equal(await readUntilEnd(socket), 'HTTP/1.1 200 Connection Established\r\n\r\n', 'routing stepped aside')
})

t.test('a \'connect\' listener prepended before routing\'s only watches: routing still answers 405', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  const port = await listen(app)
  const seen: Duplex[] = []
  // What @groundwork/keep-alive's tracker does to learn which sockets were handed over.
  app.server.prependListener('connect', (_request: IncomingMessage, socket: Duplex) => { seen.push(socket) })
  t.equal(app.server.listenerCount('connect'), 2)
  const socket = await connect(port)
  socket.write(CONNECT_REQUEST)
  t.match(await readUntilEnd(socket), /^HTTP\/1\.1 405 Method Not Allowed\r\n[^]*"code":"GW_ROUTING_CONNECT_NOT_ALLOWED"/)
  t.equal(seen.length, 1, 'the watcher saw the socket too')
})

t.test('an HTTP/2 server gets no \'connect\' listener: node:http2 answers CONNECT itself', async (t) => {
  const app = Fastify({ http2: true })
  t.teardown(() => app.close())
  await app.register(routing)
  await app.ready()
  t.equal(app.server.listenerCount('connect'), 0)
})
