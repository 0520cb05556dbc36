import t from 'tap'
import { listening } from './helpers/listen.js'
import { openSocket } from './helpers/ws.js'

t.test('{"type":"subscribe","topic":"stats"} starts a stats push (the /api/stats body) at once and every STATS_INTERVAL_MS', async t => {
  const { app, port } = await listening(t, { statsIntervalMs: 100 })
  const { socket, next, closed } = await openSocket(port)
  t.equal((await next())['type'], 'welcome')
  app.users.add({ name: 'Ada', email: 'ada@example.com' })

  const subscribed = performance.now()
  socket.send('{"type":"subscribe","topic":"stats"}')
  const first = await next()
  t.match(first, {
    type: 'stats',
    pid: process.pid,
    connections: { open: 1, upgraded: 1, streams: 0 },
    requests: { total: Number, perConnection: Number },
    users: 1,
    uptimeSeconds: Number
  })
  t.same(Object.keys(first), ['type', 'pid', 'connections', 'requests', 'users', 'uptimeSeconds'])
  // Subscribing again does not start a second push.
  socket.send('{"type":"subscribe","topic":"stats"}')
  const pushes = [await next(), await next(), await next()]
  const elapsed = performance.now() - subscribed
  t.ok(pushes.every(push => push['type'] === 'stats'), 'only stats follow')
  // Three more pushes at 100 ms: about 300 ms; a second timer would have brought them in about 150.
  t.ok(elapsed >= 270, `three pushes after the first took ${Math.round(elapsed)} ms (one every 100 ms)`)

  socket.close(1000)
  await closed
})
