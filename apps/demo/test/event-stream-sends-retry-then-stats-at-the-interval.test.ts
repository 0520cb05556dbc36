import t from 'tap'
import { listening } from './helpers/listen.js'
import { openEvents } from './helpers/sse.js'

t.test('GET /api/events: text/event-stream, no-store, a retry line first, then a stats event at once', async t => {
  // A minute between ticks: a stats event now can only be the one sent at once.
  const { port } = await listening(t, { statsIntervalMs: 60_000 })
  const stream = await openEvents(port)
  t.teardown(() => { stream.close() })
  t.equal(stream.status, 200)
  t.equal(stream.headers['content-type'], 'text/event-stream')
  t.equal(stream.headers['cache-control'], 'no-store')
  t.equal(stream.headers['x-content-type-options'], 'nosniff')
  t.equal(stream.headers['transfer-encoding'], 'chunked')

  t.same(await stream.next(), { retry: 1000 }, 'retry: 1000 comes first')
  t.match(stream.text(), /^retry: 1000\n\n/)
  const first = await stream.next()
  t.equal(first.event, 'stats')
  const body = JSON.parse(first.data!) as Record<string, any>
  t.same(Object.keys(body), ['pid', 'connections', 'requests', 'users', 'uptimeSeconds'], 'the /api/stats body')
  t.match(body, { pid: process.pid, connections: { open: 1, streams: 1, active: 0, upgraded: 0 } })
})

t.test('then a stats event every STATS_INTERVAL_MS', async t => {
  const { port } = await listening(t, { statsIntervalMs: 100 })
  const stream = await openEvents(port)
  t.teardown(() => { stream.close() })
  await stream.next()
  await stream.next()
  const opened = performance.now()
  const ticks = [await stream.next(), await stream.next(), await stream.next()]
  const elapsed = performance.now() - opened
  t.ok(ticks.every(tick => tick.event === 'stats' && JSON.parse(tick.data!).pid === process.pid), 'stats events follow')
  t.ok(elapsed >= 270, `three more in ${Math.round(elapsed)} ms (one every 100 ms)`)
})

t.test('a client that does not ask for text/event-stream still gets the stream, counted among the streams (markLongLived)', async t => {
  const { port } = await listening(t)
  const stream = await openEvents(port, {})
  t.teardown(() => { stream.close() })
  t.equal(stream.headers['content-type'], 'text/event-stream')
  await stream.next()
  const stats = JSON.parse((await stream.next()).data!) as Record<string, any>
  t.match(stats['connections'], { streams: 1, active: 0 })
})
