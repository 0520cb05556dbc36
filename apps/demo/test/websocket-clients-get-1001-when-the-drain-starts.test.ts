import t from 'tap'
import { listening } from './helpers/listen.js'
import { openSocket } from './helpers/ws.js'

t.test('at shutdown a WebSocket client gets close 1001, its stats push stops, and the app closes', async t => {
  const { app, port } = await listening(t, { statsIntervalMs: 50 })
  const { socket, next, closed } = await openSocket(port)
  await next()
  socket.send('{"type":"subscribe","topic":"stats"}')
  t.equal((await next())['type'], 'stats')
  const result = await app.shutdown('test')
  t.match(await closed, { code: 1001, reason: 'server shutting down' }, 'Going Away, with graceful-close\'s reason')
  t.match(result, { exitCode: 0, timedOut: false })
  t.equal(app.shutdownPhase, 'closed')
})
