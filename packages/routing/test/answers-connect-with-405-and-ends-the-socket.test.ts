import t, { type Test } from 'tap'
import { readFileSync } from 'node:fs'
import tls from 'node:tls'
import Fastify from 'fastify'
import routing from '../src/index.js'
import { CONNECT_LINGER_BYTES, CONNECT_LINGER_MS } from '../src/connect.js'
import {
  CONNECT_REQUEST, connect, connections, listen, parseAnswer, readUntilEnd, untilNoConnection
} from './fixtures/raw-connect.js'

const refusal = {
  statusCode: 405,
  code: 'GW_ROUTING_CONNECT_NOT_ALLOWED',
  error: 'Method Not Allowed',
  message: 'Method CONNECT is not allowed: this server is not a proxy'
}

async function build () {
  const app = Fastify()
  await app.register(routing)
  app.get('/', async () => 'home')
  return app
}

function checkAnswer (t: Test, raw: string): void {
  const answer = parseAnswer(raw)
  t.equal(answer.statusLine, 'HTTP/1.1 405 Method Not Allowed')
  t.equal(answer.headers.allow, '', 'no method is served for another host\'s port')
  t.equal(answer.headers.connection, 'close')
  t.equal(answer.headers['content-type'], 'application/json; charset=utf-8')
  t.equal(answer.headers['content-length'], String(Buffer.byteLength(answer.body)))
  t.ok(Number.isFinite(Date.parse(answer.headers.date as string)), 'a Date, as origin servers send')
  t.same(JSON.parse(answer.body), refusal)
}

t.test('a CONNECT on a real socket gets a coded 405, then a clean end', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  const port = await listen(app)
  const socket = await connect(port)
  socket.write(CONNECT_REQUEST)
  checkAnswer(t, await readUntilEnd(socket))
  await untilNoConnection(app)
  t.equal(app.server.listenerCount('connect'), 1)
  t.equal((await app.inject('/')).body, 'home', 'the app keeps serving')
})

t.test('tunnel bytes sent with the CONNECT (Node\'s head buffer) and after the answer change nothing', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  const port = await listen(app)
  const socket = await connect(port)
  // A client that starts its TLS handshake without waiting: the first bytes reach Node with the headers.
  socket.write(CONNECT_REQUEST + '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03')
  const answer = readUntilEnd(socket)
  socket.write('more handshake bytes')
  checkAnswer(t, await answer)
  await untilNoConnection(app)
})

t.test('a client that never closes is cut after the linger bound', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  const port = await listen(app)
  const socket = await connect(port, { allowHalfOpen: true })
  t.teardown(() => socket.destroy())
  socket.write(CONNECT_REQUEST)
  checkAnswer(t, await readUntilEnd(socket))
  await new Promise(resolve => setTimeout(resolve, 300))
  t.equal(await connections(app), 1, 'still open: the client may still read or send')
  const waited = await untilNoConnection(app, CONNECT_LINGER_MS + 5000)
  t.ok(waited < CONNECT_LINGER_MS + 5000, `closed by the ${CONNECT_LINGER_MS} ms bound`)
})

t.test('a client that keeps sending is cut once it passes the byte bound', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  const port = await listen(app)
  const socket = await connect(port, { allowHalfOpen: true })
  t.teardown(() => socket.destroy())
  socket.on('error', () => {}) // the server closing with bytes unread may reset this side
  socket.write(CONNECT_REQUEST)
  checkAnswer(t, await readUntilEnd(socket))
  const sent = Date.now()
  socket.write(Buffer.alloc(CONNECT_LINGER_BYTES * 2))
  await untilNoConnection(app)
  // The time bound would close it about CONNECT_LINGER_MS after the answer; the byte bound closes it at once.
  t.ok(Date.now() - sent < CONNECT_LINGER_MS / 2, 'well before the time bound')
})

t.test('a reset from the client does not crash the app', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  const port = await listen(app)
  const socket = await connect(port, { allowHalfOpen: true })
  socket.write(CONNECT_REQUEST)
  checkAnswer(t, await readUntilEnd(socket))
  socket.resetAndDestroy()
  await untilNoConnection(app)
  t.equal((await app.inject('/')).body, 'home')
})

t.test('closing the app ends lingering CONNECT sockets and removes the listener', async (t) => {
  const app = await build()
  const port = await listen(app)
  const socket = await connect(port, { allowHalfOpen: true })
  t.teardown(() => socket.destroy())
  socket.write(CONNECT_REQUEST)
  checkAnswer(t, await readUntilEnd(socket))
  const closed = new Promise(resolve => socket.once('close', resolve))
  socket.on('error', () => {})
  const started = Date.now()
  await app.close()
  t.ok(Date.now() - started < CONNECT_LINGER_MS, 'close does not wait for the linger bound')
  t.equal(app.server.listenerCount('connect'), 0)
  socket.end()
  await closed
})

t.test('an https server answers CONNECT the same way', async (t) => {
  const app = Fastify({
    https: {
      key: readFileSync(new URL('./fixtures/key.pem', import.meta.url)),
      cert: readFileSync(new URL('./fixtures/cert.pem', import.meta.url))
    }
  })
  t.teardown(() => app.close())
  await app.register(routing)
  const port = await listen(app)
  const socket = await new Promise<tls.TLSSocket>((resolve, reject) => {
    const secure = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }, () => { resolve(secure) })
    secure.once('error', reject)
  })
  socket.write(CONNECT_REQUEST)
  checkAnswer(t, await readUntilEnd(socket))
})

t.test('a CONNECT through inject() gets the same answer', async (t) => {
  const app = await build()
  t.teardown(() => app.close())
  for (const url of ['/', '/nope', 'example.com:443']) {
    const response = await app.inject({ method: 'CONNECT', url })
    t.equal(response.statusCode, 405, url)
    t.equal(response.headers.allow, '')
    t.same(response.json(), refusal)
  }
})

t.test('with CONNECT routes of your own (addHttpMethod), an unserved CONNECT is an ordinary 404 or 405', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.addHttpMethod('CONNECT')
  await app.register(routing)
  app.route({ method: 'CONNECT', url: '/tunnel', handler: async () => 'tunnel' })
  app.get('/page', async () => 'page')
  t.equal((await app.inject({ method: 'CONNECT', url: '/tunnel' })).body, 'tunnel')
  t.equal((await app.inject({ method: 'CONNECT', url: '/nope' })).json().code, 'GW_ROUTING_NOT_FOUND')
  const other = await app.inject({ method: 'CONNECT', url: '/page' })
  t.equal(other.json().code, 'GW_ROUTING_METHOD_NOT_ALLOWED')
  t.equal(other.headers.allow, 'GET, HEAD, OPTIONS')
})
