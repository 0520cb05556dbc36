import net from 'node:net'
import t from 'tap'
import websocket from '@fastify/websocket'
import gracefulClose from '../src/index.js'
import { build, sleep } from './fixtures/helpers.js'
import { WEBSOCKET_UPGRADE, rawClient } from './fixtures/long-lived-clients.js'
import { openWebSocket } from './fixtures/long-lived-clients.js'

async function listening (app: Awaited<ReturnType<typeof build>>['app']): Promise<number> {
  await app.listen({ port: 0, host: '127.0.0.1' })
  return (app.server.address() as net.AddressInfo).port
}

t.test('during the drain delay a new WebSocket upgrade gets 503 in Fastify\'s error shape, Retry-After and Connection: close', async t => {
  const { app, logs } = build()
  await app.register(gracefulClose, { drainDelay: 1500, closeIdleAfter: 0, timeout: 5000 })
  await app.register(websocket)
  app.get('/ws', { websocket: true }, (socket) => { socket.send('welcome') })
  const port = await listening(app)
  t.teardown(() => app.close())

  const before = openWebSocket(port)
  await before.opened
  const shutdown = app.shutdown()
  t.equal(app.shutdownPhase, 'delaying')
  const refused = rawClient(port, WEBSOCKET_UPGRADE)
  const { how } = await refused.closed
  const answer = refused.received().toString('utf8')
  const [head = '', body = ''] = answer.split('\r\n\r\n')
  const lines = head.split('\r\n')
  t.equal(lines[0], 'HTTP/1.1 503 Service Unavailable')
  for (const header of ['Retry-After: 1', 'Connection: close', 'Cache-Control: no-store', 'Content-Type: application/json; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`]) {
    t.ok(lines.includes(header), header)
  }
  t.same(JSON.parse(body), {
    statusCode: 503,
    code: 'GW_GRACEFUL_CLOSE_SHUTTING_DOWN',
    error: 'Service Unavailable',
    message: 'The server is shutting down; retry the request (another instance will take it)'
  })
  t.equal(how, 'fin', 'then the server closed the connection')
  refused.socket.destroy()
  t.equal(before.socket.readyState, 1, 'a WebSocket opened before the shutdown stays open through the delay')

  t.match(await shutdown, { exitCode: 0 })
  t.same(await before.closed, { code: 1001, reason: 'server shutting down', wasClean: true })
  t.match(logs.find(line => line.msg.includes('shutdown started')), { upgradesRefused: true })
})

t.test('an app without upgrade listeners is left alone: Node serves an Upgrade request as a plain request', async t => {
  const { app, logs } = build()
  await app.register(gracefulClose, { drainDelay: 1500, closeIdleAfter: 0, timeout: 5000 })
  app.get('/plain', async () => 'plain')
  const port = await listening(app)
  t.teardown(() => app.close())
  const shutdown = app.shutdown()
  const client = rawClient(port, 'GET /plain HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n')
  while (!client.received().toString().endsWith('plain')) await sleep(10)
  t.match(client.received().toString(), /^HTTP\/1\.1 200 OK\r\n/)
  client.socket.destroy()
  t.match(logs.find(line => line.msg.includes('shutdown started')), { upgradesRefused: false })
  await shutdown
})
