import { setTimeout as sleep } from 'node:timers/promises'
import { test, type Test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import keepAlive from '../src/index.js'
import { listen, waitFor } from './fixtures/helpers.js'
import { connectHttp2, request } from './fixtures/http2.js'

async function h2App (t: Test) {
  const app = Fastify({ http2: true }) as unknown as FastifyInstance
  await app.register(keepAlive)
  const release: Array<() => void> = []
  app.get('/slow', async () => {
    await new Promise<void>(resolve => { release.push(resolve) })
    return { slow: true }
  })
  // A stream that never ends on its own, as an event stream or a marked long poll.
  app.get('/events', async (request, reply) => {
    if (request.query !== null && (request.query as Record<string, string>).mark === '1') app.connections.markLongLived(reply.raw)
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' })
    reply.raw.write('data: hello\n\n')
    return reply
  })
  app.get('/fast', async () => ({ fast: true }))
  t.teardown(() => app.close())
  const port = await listen(app)
  return { app, origin: `http://127.0.0.1:${port}`, release: () => { for (const done of release.splice(0)) done() } }
}

test('sessions and their streams are counted: in flight, long-lived, idle', async t => {
  const { app, origin, release } = await h2App(t)
  const client = connectHttp2(origin)
  t.teardown(() => client.session.destroy())
  t.equal((await request(client.session, '/fast')).status, 200)
  t.match(app.connections.snapshot(), { open: 1, sessions: 1, http2Streams: 0, idle: 1, active: 0, streams: 0, accepted: 1, requests: 1 }, 'an idle session')

  const slow = request(client.session, '/slow')
  await waitFor(() => app.connections.http2Streams === 1)
  t.match(app.connections.snapshot(), { open: 1, sessions: 1, http2Streams: 1, active: 1, idle: 0 }, 'a session answering a request is active')
  t.match(app.connections.openRequests(), [{ method: 'GET', url: '/slow' }], 'and its request is listed for a deadline\'s log')
  release()
  t.equal((await slow).status, 200)

  const other = connectHttp2(origin)
  t.teardown(() => other.session.destroy())
  const events = request(other.session, '/events', { accept: 'text/event-stream' })
  await waitFor(() => app.connections.http2Streams === 1)
  t.match(app.connections.snapshot(), { open: 2, sessions: 2, streams: 1, active: 0, idle: 1 }, 'an event stream is long-lived, not a request in flight')
  t.match(app.connections.longLived(), [{ kind: 'stream', method: 'GET', url: '/events' }])
  t.same(app.connections.openRequests(), [], 'and not listed as a request')
  const beside = request(other.session, '/slow')
  await waitFor(() => app.connections.http2Streams === 2)
  t.equal(app.connections.longLived().length, 1, 'a request beside it on the same session is not long-lived')
  t.match(app.connections.snapshot(), { active: 1, streams: 0 }, 'and makes its session active')
  release()
  await beside
  t.equal(app.connections.requestsPerConnection, 4 / 2)
  other.session.destroy()
  t.equal((await events).status, 200)
})

test('closeLongLived() waits for long-lived streams, then resets those still open at its bound', async t => {
  const { app, origin } = await h2App(t)
  const client = connectHttp2(origin)
  t.teardown(() => client.session.destroy())
  const marked = request(client.session, '/events?mark=1')
  await waitFor(() => app.connections.streams === 1)
  t.match(app.connections.longLived(), [{ kind: 'stream', url: '/events?mark=1' }], 'a marked response is long-lived whatever it was asked with')
  const result = await app.connections.closeLongLived({ timeout: 200 })
  t.equal(result.timedOut, true)
  t.match(result.cut, [{ kind: 'stream', url: '/events?mark=1' }], 'named in the result')
  const ended = await marked
  t.equal(ended.rstCode, 8, 'reset with CANCEL: the one way to end a stream that ignores the signal')
  t.equal(app.connections.sessions, 1, 'its session stays open')
})

test('closeLongLived() resolves early once the long-lived streams have ended', async t => {
  const { app, origin } = await h2App(t)
  const client = connectHttp2(origin)
  t.teardown(() => client.session.destroy())
  const stream = client.session.request({ ':path': '/events', accept: 'text/event-stream' })
  stream.on('error', () => {})
  await waitFor(() => app.connections.streams === 1)
  const closing = app.connections.closeLongLived({ timeout: 5_000 })
  stream.close()
  const result = await closing
  t.same(result, { closed: 1, cut: [], timedOut: false })
})

test('closeAfterResponses() announces the shutdown to every session, new ones too; drain() then sends the final GOAWAY', async t => {
  const { app, origin, release } = await h2App(t)
  const first = connectHttp2(origin)
  const slow = request(first.session, '/slow')
  await waitFor(() => app.connections.http2Streams === 1)
  const lingering = app.connections.closeAfterResponses({ timeout: 5_000 })
  await waitFor(() => first.goaways.length >= 1, 3_000)
  // A Node client answers with a GOAWAY of its own, and Node's server then closes its side: the first frame is ours.
  t.equal(first.goaways[0]?.lastStreamID, 2 ** 31 - 1, 'announced: no stream refused')

  const late = connectHttp2(origin)
  t.teardown(() => late.session.destroy())
  await waitFor(() => late.goaways.length >= 1, 3_000)
  t.equal(late.goaways[0]?.lastStreamID, 2 ** 31 - 1, 'a session accepted while closing is told at once')

  const drained = app.connections.drain({ timeout: 5_000 })
  await sleep(50)
  release()
  t.equal((await slow).status, 200, 'the stream in flight finished')
  t.same(await drained, { remaining: 0, upgraded: 0, timedOut: false })
  t.same(await lingering, { remaining: 0, upgraded: 0, timedOut: false })
  t.equal(app.connections.sessions, 0)
})

test('a drain that times out reports the sessions still open', async t => {
  const { app, origin, release } = await h2App(t)
  const client = connectHttp2(origin)
  const slow = request(client.session, '/slow')
  await waitFor(() => app.connections.http2Streams === 1)
  t.same(await app.connections.drain({ timeout: 100 }), { remaining: 1, upgraded: 0, timedOut: true })
  release()
  await slow
})

test('drain() before closeAfterResponses(): the final GOAWAY stands, and stop() sends it without waiting for the PING', async t => {
  const { app, origin } = await h2App(t)
  const client = connectHttp2(origin)
  t.equal((await request(client.session, '/fast')).status, 200)
  const drained = app.connections.drain({ timeout: 2_000 })
  const lingering = app.connections.closeAfterResponses({ timeout: 2_000 })
  ;(app.connections as unknown as { stop: () => void }).stop()
  t.same(await drained, { remaining: 1, upgraded: 0, timedOut: false }, 'stop() settles the drain at once')
  await client.closed
  t.equal(client.goaways[0]?.lastStreamID, 2 ** 31 - 1)
  t.equal((await lingering).timedOut, false, 'a closeAfterResponses() after it settles like it')
})

test('an HTTP/1.1 server has no sessions', async t => {
  const app = Fastify()
  await app.register(keepAlive)
  t.teardown(() => app.close())
  await app.ready()
  t.equal(app.connections.sessions, 0)
  t.equal(app.connections.http2Streams, 0)
})
