import t from 'tap'
import Fastify from 'fastify'
import keepAlive from '../src/index.js'
import { connect, listen, waitFor } from './fixtures/helpers.js'

t.test('an idle keep-alive connection is closed with a FIN once keepAliveTimeout (+ Node\'s 1 s buffer) passes', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(keepAlive, { keepAliveTimeout: 1_000, requestTimeout: 10_000 })
  app.get('/', async () => 'ok')
  const port = await listen(app)

  const raw = connect(port)
  raw.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await raw.closed
  t.match(raw.received(), /^HTTP\/1.1 200 OK\r\n[^]*Keep-Alive: timeout=1\r\n/)
  t.equal(raw.events.error, undefined, 'no reset')
  t.ok(raw.events.end !== undefined, 'FIN received')
  // Node 20 arms keepAliveTimeout + 1000 ms; the upper bound is generous for a loaded machine.
  t.ok(raw.events.close! >= 1_800, `closed after ${raw.events.close} ms`)
  t.ok(raw.events.close! < 10_000, `closed after ${raw.events.close} ms`)
  await waitFor(() => app.connections.open === 0)
  t.match(app.connections.snapshot(), { open: 0, active: 0, idle: 0, accepted: 1, closed: 1, requests: 1 })
})

t.test('headersTimeout does not run while a keep-alive connection is idle (why it need not exceed keepAliveTimeout)', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(keepAlive, { keepAliveTimeout: 3_000, headersTimeout: 500, requestTimeout: 1_000, connectionsCheckingInterval: 100 })
  app.get('/', async () => 'ok')
  const port = await listen(app)

  const raw = connect(port)
  raw.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await raw.closed
  t.notMatch(raw.received(), /408/)
  t.ok(raw.events.close! >= 2_500, `idle connection lived ${raw.events.close} ms, far beyond headersTimeout`)
  t.equal(raw.events.error, undefined)
})
