import t from 'tap'
import { once } from 'node:events'
import { listening } from './helpers/listen.js'
import { openEvents } from './helpers/sse.js'

t.test('the stream keeps its stats through the drain delay, then gets a shutdown event and ends cleanly; the app closes', async t => {
  const { app, port } = await listening(t, { statsIntervalMs: 50, drainDelayMs: 300 })
  const stream = await openEvents(port)
  t.same(await stream.next(), { retry: 1000 })
  t.equal((await stream.next()).event, 'stats')

  const shutdown = app.shutdown('test')
  let duringDelay = 0
  let last = await stream.next()
  while (last.event === 'stats') {
    duringDelay++
    last = await stream.next()
  }
  // 300 ms at one per 50 ms: about 6; the load balancer is still stepping aside, so the stream goes on.
  t.ok(duringDelay >= 3, `${duringDelay} stats events during the drain delay`)
  t.same(last, { event: 'shutdown', data: '{"reason":"draining"}' })
  t.equal(await stream.ended, true, 'ended with the chunked terminator, not cut')
  t.match(stream.text(), /event: shutdown\ndata: \{"reason":"draining"\}\n\n$/, 'nothing after the shutdown event')
  t.match(await shutdown, { exitCode: 0, timedOut: false })
})

t.test('a request that arrives after the drain started gets the shutdown event at once, and the end', async t => {
  const { app, port } = await listening(t, { drainDelayMs: 0 })
  // A stream open before the drain keeps the sequence in its long-lived phase long enough to ask again.
  const open = await openEvents(port)
  await open.next()
  const shutdown = app.shutdown('test')
  if (!app.shutdownSignal.aborted) await once(app.shutdownSignal, 'abort')
  // The listener may be closed by now; the goodbye is the handler's answer, so ask it through inject.
  const late = await app.inject({ url: '/api/events', headers: { accept: 'text/event-stream' } })
  t.equal(late.statusCode, 200)
  t.equal(late.headers['content-type'], 'text/event-stream')
  t.equal(late.body, 'retry: 1000\n\nevent: shutdown\ndata: {"reason":"draining"}\n\n')
  t.equal(await open.ended, true)
  await shutdown
})
