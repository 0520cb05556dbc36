import net from 'node:net'
import { PassThrough } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import keepAlive from '../src/index.js'
import { listen, waitFor } from './fixtures/helpers.js'

// The guarantee a retrying proxy relies on (graceful-close docs/deploy.md): once the drain has
// closed a kept-alive connection, a request the peer writes on it is never read by the app, so the
// peer's reset means "not applied" and replaying it elsewhere is safe.

interface HalfOpenClient {
  socket: net.Socket
  received: () => string
  gotFin: Promise<void>
  closed: Promise<string | undefined>
}

/** A client that keeps writing after the server's FIN, as a proxy racing the close does. */
function halfOpenClient (port: number): HalfOpenClient {
  const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true })
  let data = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => { data += chunk })
  const gotFin = new Promise<void>(resolve => socket.once('end', resolve))
  let error: string | undefined
  socket.on('error', (err: NodeJS.ErrnoException) => { error = err.code })
  const closed = new Promise<string | undefined>(resolve => socket.once('close', () => { resolve(error) }))
  return { socket, received: () => data, gotFin, closed }
}

const post = 'POST /apply HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}'

async function appWithCountedPosts (t: Test): Promise<{ app: FastifyInstance, port: number, applied: () => number, stream: PassThrough }> {
  const app = Fastify({ return503OnClosing: false })
  t.teardown(() => app.close())
  await app.register(keepAlive)
  let applied = 0
  const stream = new PassThrough()
  app.get('/', async () => 'hello')
  app.get('/stream', async (_request, reply) => reply.type('text/plain').send(stream))
  app.post('/apply', async () => { applied++; return { applied } })
  const port = await listen(app)
  return { app, port, applied: () => applied, stream }
}

t.test('a request written on an idle connection after the drain ended it is never handled', async t => {
  const { app, port, applied } = await appWithCountedPosts(t)
  const client = halfOpenClient(port)
  client.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await waitFor(() => client.received().endsWith('hello'))

  const drained = app.connections.drain({ timeout: 5000 })
  await client.gotFin
  // Half-open on our side too: the request goes out, then our FIN, as a proxy that got no answer.
  client.socket.end(post)
  const error = await client.closed
  await sleep(100)

  t.equal(applied(), 0, 'the handler never ran for the late request')
  t.notMatch(client.received(), /applied/, 'and nothing was answered to it')
  t.ok(error === undefined || error === 'ECONNRESET' || error === 'EPIPE', `the peer sees a FIN and then a reset or a plain close, got ${String(error)}`)
  t.same(await drained, { remaining: 0, upgraded: 0, timedOut: false })
})

t.test('a request written after the drain ended a connection once its response was out is never handled', async t => {
  const { app, port, applied, stream } = await appWithCountedPosts(t)
  const client = halfOpenClient(port)
  client.socket.write('GET /stream HTTP/1.1\r\nHost: x\r\n\r\n')
  stream.write('first ')
  await waitFor(() => client.received().includes('first'))

  const drained = app.connections.drain({ timeout: 5000 })
  stream.end('last')
  await client.gotFin
  t.match(client.received(), /first [^]*last/, 'the response in progress was delivered whole')
  client.socket.end(post)
  await client.closed
  await sleep(100)

  t.equal(applied(), 0, 'the handler never ran for the late request')
  t.same(await drained, { remaining: 0, upgraded: 0, timedOut: false })
})
