import type net from 'node:net'
import t from 'tap'
import websocket from '@fastify/websocket'
import gracefulClose from '../src/index.js'
import { build } from './fixtures/helpers.js'
import { openWebSocket } from './fixtures/long-lived-clients.js'

t.test('app.close() without the shutdown sequence: WebSockets get the configured code, not @fastify/websocket\'s code-less close', async t => {
  const { app } = build()
  await app.register(gracefulClose, { webSocketClose: { code: 1012, reason: 'restarting' } })
  await app.register(websocket)
  app.get('/ws', { websocket: true }, () => {})
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as net.AddressInfo
  const clients = [openWebSocket(port), openWebSocket(port)]
  await Promise.all(clients.map(client => client.opened))
  await app.close()
  t.same(await Promise.all(clients.map(client => client.closed)), [
    { code: 1012, reason: 'restarting', wasClean: true },
    { code: 1012, reason: 'restarting', wasClean: true }
  ])
})

t.test('a WebSocket still connecting is left to its server, and a websocketServer without clients is ignored', async t => {
  const { app } = build()
  await app.register(gracefulClose, { closeIdleAfter: 0 })
  app.decorate('websocketServer', { clients: [{ readyState: 0, close: () => { t.fail('a connecting socket was closed') } }] } as never)
  await app.ready()
  t.match(await app.shutdown(), { exitCode: 0 })
  const other = build().app
  await other.register(gracefulClose, { closeIdleAfter: 0 })
  other.decorate('websocketServer', {} as never)
  await other.ready()
  t.match(await other.shutdown(), { exitCode: 0 })
})
