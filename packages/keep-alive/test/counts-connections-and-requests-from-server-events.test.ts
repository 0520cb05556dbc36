import http from 'node:http'
import https from 'node:https'
import { readFileSync } from 'node:fs'
import t from 'tap'
import Fastify from 'fastify'
import { Client } from 'undici'
import keepAlive from '../src/index.js'
import { connect, listen, waitFor } from './fixtures/helpers.js'

t.test('active and idle follow requests in flight; a client that hangs up mid-request is counted closed', async t => {
  const app = Fastify()
  let release!: () => void
  const released = new Promise<void>(resolve => { release = resolve })
  app.get('/hang', async () => { await released; return 'late' })
  await app.register(keepAlive)
  const port = await listen(app)
  t.teardown(async () => { release(); await app.close() })

  const a = connect(port)
  const b = connect(port)
  await Promise.all([a.connected, b.connected])
  await waitFor(() => app.connections.open === 2)
  t.match(app.connections.snapshot(), { open: 2, active: 0, idle: 2, accepted: 2 })
  a.socket.write('GET /hang HTTP/1.1\r\nHost: x\r\n\r\n')
  await waitFor(() => app.connections.active === 1)
  t.match(app.connections.snapshot(), { open: 2, active: 1, idle: 1, requests: 1 })

  a.socket.destroy()
  await waitFor(() => app.connections.open === 1)
  t.match(app.connections.snapshot(), { open: 1, active: 0, idle: 1, accepted: 2, closed: 1, requests: 1, requestsPerConnection: 0.5 })
  release()
  b.socket.destroy()
  await waitFor(() => app.connections.open === 0)
  t.match(app.connections.snapshot(), { open: 0, active: 0, closed: 2 })
})

t.test('a request emitted from a socket the tracker never saw is counted but not attributed', async t => {
  const app = Fastify()
  app.get('/', async () => 'forwarded')
  await app.register(keepAlive)
  await app.ready()
  const front = http.createServer((req, res) => { app.server.emit('request', req, res) })
  await new Promise<void>(resolve => front.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => { await new Promise(resolve => front.close(resolve)); await app.close() })
  const address = front.address() as { port: number }
  const client = new Client(`http://127.0.0.1:${address.port}`)
  t.teardown(() => client.close())
  const res = await client.request({ method: 'GET', path: '/' })
  t.equal(await res.body.text(), 'forwarded')
  t.match(app.connections.snapshot(), { open: 0, active: 0, accepted: 0, requests: 1, requestsPerConnection: 0 })
})

t.test('over HTTPS the TLS socket is tracked', async t => {
  const app = Fastify({
    https: {
      key: readFileSync(new URL('./fixtures/key.pem', import.meta.url)),
      cert: readFileSync(new URL('./fixtures/cert.pem', import.meta.url))
    }
  })
  t.ok(app.server instanceof https.Server)
  app.get('/', async () => ({ ok: true }))
  await app.register(keepAlive, { preset: 'aws-alb' })
  const port = await listen(app)
  t.teardown(() => app.close())
  const client = new Client(`https://127.0.0.1:${port}`, { connect: { rejectUnauthorized: false } })
  t.teardown(() => client.close())
  for (let i = 0; i < 2; i++) {
    const res = await client.request({ method: 'GET', path: '/' })
    t.equal(res.headers['keep-alive'], 'timeout=66')
    await res.body.json()
  }
  t.match(app.connections.snapshot(), { open: 1, active: 0, idle: 1, accepted: 1, requests: 2, requestsPerConnection: 2 })
  const drained = app.connections.drain({ timeout: 20_000 })
  t.same(await drained, { remaining: 0, upgraded: 0, timedOut: false })
})

t.test('closed sockets are forgotten: hundreds of connections leave nothing open behind', async t => {
  const app = Fastify()
  app.get('/', async () => 'ok')
  await app.register(keepAlive)
  const port = await listen(app)
  t.teardown(() => app.close())
  for (let batch = 0; batch < 10; batch++) {
    await Promise.all(Array.from({ length: 30 }, async () => {
      const raw = connect(port)
      raw.socket.end('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
      await raw.closed
    }))
  }
  await waitFor(() => app.connections.closed === 300)
  t.match(app.connections.snapshot(), { open: 0, active: 0, idle: 0, accepted: 300, closed: 300, requests: 300, requestsPerConnection: 1 })
})
