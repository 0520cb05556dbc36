import type net from 'node:net'
import t from 'tap'
import { WebSocketServer } from 'ws'
import gracefulClose from '../src/index.js'
import { build } from './fixtures/helpers.js'
import { openWebSocket } from './fixtures/long-lived-clients.js'

// The README's recipe for WebSockets served by `ws` on a raw 'upgrade' listener.
t.test('ws on a raw upgrade listener: closing its clients on fastify.shutdownSignal gives them 1001, and the sequence does not wait for the bound', async t => {
  const { app, logs } = build()
  await app.register(gracefulClose, { closeIdleAfter: 0, longLivedTimeout: 3000, timeout: 8000 })
  const wss = new WebSocketServer({ noServer: true })
  app.server.on('upgrade', (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, ws => { wss.emit('connection', ws, request) })
  })
  app.shutdownSignal.addEventListener('abort', () => {
    for (const client of wss.clients) client.close(1001, 'server shutting down')
  })
  app.addHook('onClose', (_instance, done) => { wss.close(() => { done() }) })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as net.AddressInfo
  const clients = [openWebSocket(port), openWebSocket(port), openWebSocket(port)]
  await Promise.all(clients.map(client => client.opened))

  const started = performance.now()
  t.match(await app.shutdown(), { exitCode: 0 })
  t.ok(performance.now() - started < 1000, `done in ${Math.round(performance.now() - started)} ms: as soon as the handshakes completed, not at the 3000 ms bound`)
  t.same(await Promise.all(clients.map(client => client.closed)), clients.map(() => ({ code: 1001, reason: 'server shutting down', wasClean: true })))
  t.match(logs.find(line => line.phase === 'long-lived'), { webSocketsTold: 0, closed: 3, cut: [] })
})
