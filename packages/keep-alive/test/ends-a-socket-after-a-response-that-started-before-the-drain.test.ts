import { PassThrough } from 'node:stream'
import t from 'tap'
import Fastify from 'fastify'
import keepAlive from '../src/index.js'
import { connect, listen, waitFor } from './fixtures/helpers.js'

t.test('a response whose headers went out before drain() cannot say Connection: close, so its socket is ended after it', async t => {
  const app = Fastify()
  const stream = new PassThrough()
  app.get('/stream', async (_request, reply) => reply.type('text/plain').send(stream))
  await app.register(keepAlive)
  const port = await listen(app)
  t.teardown(() => app.close())

  const raw = connect(port)
  raw.socket.write('GET /stream HTTP/1.1\r\nHost: x\r\n\r\n')
  stream.write('first ')
  await waitFor(() => raw.received().includes('first'))
  t.match(raw.received(), /Connection: keep-alive/)

  const drained = app.connections.drain({ timeout: 20_000 })
  stream.end('last')
  await raw.closed
  t.match(raw.received(), /first [^]*last/)
  t.ok(raw.events.end !== undefined, 'FIN after the response')
  t.equal(raw.events.error, undefined, 'no reset')
  t.same(await drained, { remaining: 0, upgraded: 0, timedOut: false })
})
