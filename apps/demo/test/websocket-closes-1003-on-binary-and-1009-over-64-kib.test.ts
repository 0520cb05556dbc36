import t from 'tap'
import { listening } from './helpers/listen.js'
import { openSocket } from './helpers/ws.js'

t.test('a binary message closes the socket with 1003 (unsupported data)', async t => {
  const { port } = await listening(t)
  const { socket, next, closed } = await openSocket(port)
  await next()
  socket.send(new Uint8Array([1, 2, 3]))
  t.match(await closed, { code: 1003, reason: 'text messages only' })
})

t.test('a text message over 64 KiB closes the socket with 1009 (message too big); 64 KiB is echoed', async t => {
  const { port } = await listening(t)
  const { socket, next, closed } = await openSocket(port)
  await next()
  const limit = 'x'.repeat(64 * 1024)
  socket.send(limit)
  t.same(await next(), { type: 'echo', data: limit })
  socket.send(limit + 'x')
  t.equal((await closed).code, 1009)
})
