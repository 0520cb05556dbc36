import t from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { listening } from './helpers/listen.js'
import { openEvents } from './helpers/sse.js'
import { openSocket } from './helpers/ws.js'

/** Counts the stats bodies built from now on: each push builds one from a snapshot. */
function countSnapshots (app: FastifyInstance): () => number {
  let count = 0
  const snapshot = app.connections.snapshot.bind(app.connections)
  app.connections.snapshot = () => { count++; return snapshot() }
  return () => count
}

t.test('an event-stream client that disconnects stops its timer', async t => {
  const { app, port } = await listening(t, { statsIntervalMs: 50 })
  const stream = await openEvents(port)
  await stream.next()
  await stream.next()
  const snapshots = countSnapshots(app)
  await stream.next()
  t.ok(snapshots() >= 1, 'pushing while the client is there')
  stream.close()
  await stream.ended
  await sleep(50)
  const after = snapshots()
  await sleep(300)
  t.equal(snapshots(), after, 'no stats built in 6 intervals after the client left')
})

t.test('a subscribed WebSocket client that disconnects stops its timer', async t => {
  const { app, port } = await listening(t, { statsIntervalMs: 50 })
  const { socket, next, closed } = await openSocket(port)
  await next()
  socket.send('{"type":"subscribe","topic":"stats"}')
  await next()
  const snapshots = countSnapshots(app)
  await next()
  t.ok(snapshots() >= 1, 'pushing while the client is there')
  socket.close(1000)
  await closed
  await sleep(50)
  const after = snapshots()
  await sleep(300)
  t.equal(snapshots(), after, 'no stats built in 6 intervals after the client left')
})
