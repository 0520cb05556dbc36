import t from 'tap'
import { listening } from './helpers/listen.js'
import { openSocket } from './helpers/ws.js'

t.test('GET /api/ws upgrades; the server says welcome with its pid, then echoes each text message as JSON', async t => {
  const { port } = await listening(t)
  const { socket, next, closed } = await openSocket(port)
  t.same(await next(), { type: 'welcome', pid: process.pid })

  socket.send('hello')
  t.same(await next(), { type: 'echo', data: 'hello' })
  // JSON that is not a stats subscription is echoed too, as the text it was.
  socket.send('{"type":"subscribe","topic":"weather"}')
  t.same(await next(), { type: 'echo', data: '{"type":"subscribe","topic":"weather"}' })
  socket.send('null')
  t.same(await next(), { type: 'echo', data: 'null' })
  socket.send('ünïcødé ✓')
  t.same(await next(), { type: 'echo', data: 'ünïcødé ✓' })

  socket.close(1000)
  t.equal((await closed).code, 1000)
})
