import tls from 'node:tls'
import { test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import keepAlive from '../src/index.js'
import { NODE_KEEP_ALIVE_BUFFER } from '../src/options.js'
import { listen } from './fixtures/helpers.js'
import { makeCertificate } from './fixtures/http2.js'

// Without the plugin Node 20 never closes such a socket, and Node 24 closes it after its own 5 s.
test('an idle HTTP/1.1 socket on an HTTP/2 TLS server is closed by the server after keepAliveTimeout', async t => {
  const keepAliveTimeout = 1_000
  const certificate = makeCertificate(t.testdir())
  const app = Fastify({ http2: true, https: { ...certificate, allowHTTP1: true } }) as unknown as FastifyInstance
  await app.register(keepAlive, { keepAliveTimeout })
  app.get('/', async () => ({ ok: true }))
  t.teardown(() => app.close())
  const port = await listen(app)

  // A raw socket: Node's agent would close an idle socket itself, from the Keep-Alive hint.
  const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: certificate.cert, ALPNProtocols: ['http/1.1'] })
  t.teardown(() => socket.destroy())
  await new Promise(resolve => socket.once('secureConnect', resolve))
  t.equal(socket.alpnProtocol, 'http/1.1')
  let answer = ''
  const answered = new Promise<number>(resolve => {
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1')
      if (answer.endsWith('{"ok":true}')) resolve(performance.now())
    })
  })
  const closed = new Promise<number>(resolve => socket.once('close', () => { resolve(performance.now()) }))
  socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n')
  const answeredAt = await answered
  t.match(answer, /\r\nkeep-alive: timeout=1\r\n/i, 'the answer advertises the timeout')
  const bound = keepAliveTimeout + NODE_KEEP_ALIVE_BUFFER + 500
  let giveUp: NodeJS.Timeout | undefined
  const closedAt = await Promise.race([closed, new Promise<undefined>(resolve => { giveUp = setTimeout(() => { resolve(undefined) }, bound + 2_000) })])
  clearTimeout(giveUp)
  if (closedAt === undefined) {
    t.fail(`the idle socket was still open ${bound + 2_000} ms after its answer`)
    return
  }
  const idleMs = closedAt - answeredAt
  // Node arms the socket for keepAliveTimeout plus its buffer (a fixed 1 s before Node 24.6, keepAliveTimeoutBuffer's 1 s default since).
  t.ok(idleMs >= keepAliveTimeout, `closed after ${Math.round(idleMs)} ms idle, not before keepAliveTimeout (${keepAliveTimeout} ms)`)
  t.ok(idleMs <= bound,
    `closed after ${Math.round(idleMs)} ms idle, within keepAliveTimeout + Node's ${NODE_KEEP_ALIVE_BUFFER} ms buffer + 500 ms`)
})
