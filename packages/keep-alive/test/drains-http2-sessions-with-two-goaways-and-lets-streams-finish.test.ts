import { setTimeout as sleep } from 'node:timers/promises'
import { test, type Test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import keepAlive from '../src/index.js'
import { listen } from './fixtures/helpers.js'
import { connectHttp2, request } from './fixtures/http2.js'

const LAST_POSSIBLE_STREAM = 2 ** 31 - 1

async function slowApp (t: Test) {
  const app = Fastify({ http2: true }) as unknown as FastifyInstance
  await app.register(keepAlive)
  let started = 0
  app.get('/slow', async () => {
    started++
    await sleep(300)
    return { slow: true }
  })
  app.get('/fast', async () => ({ fast: true }))
  t.teardown(() => app.close())
  const port = await listen(app)
  return { app, origin: `http://127.0.0.1:${port}`, started: () => started }
}

test('at the drain a session gets an announcing GOAWAY then a final one, and its stream in flight completes', async t => {
  const { app, origin, started } = await slowApp(t)
  const client = connectHttp2(origin)
  const inFlight = request(client.session, '/slow')
  while (started() === 0) await sleep(5)
  t.equal(app.connections.sessions, 1, 'one session open')
  t.equal(app.connections.http2Streams, 1, 'one stream open')

  const drained = app.connections.drain({ timeout: 5000 })
  const answered = await inFlight
  t.equal(answered.status, 200, 'the stream in flight got its answer')
  t.equal(answered.body, '{"slow":true}', 'with its whole body')
  t.equal(answered.rstCode, 0, 'and was never reset')
  const result = await drained
  t.same(result, { remaining: 0, upgraded: 0, timedOut: false }, 'the drain ended when the session closed')
  await client.closed
  t.ok(client.goaways.length >= 1, `GOAWAY received (${client.goaways.length} frames)`)
  t.equal(client.goaways[0]?.errorCode, 0, 'the first GOAWAY is NO_ERROR')
  t.equal(client.goaways[0]?.lastStreamID, LAST_POSSIBLE_STREAM, 'and names the highest stream id: nothing refused yet')
  t.equal(app.connections.sessions, 0, 'no session left')
})

test('after the GOAWAY the client opens no stream on the session: refused by the protocol, never reset', async t => {
  const { app, origin, started } = await slowApp(t)
  const client = connectHttp2(origin)
  const inFlight = request(client.session, '/slow')
  while (started() === 0) await sleep(5)
  const drained = app.connections.drain({ timeout: 5000 })
  while (client.goaways.length === 0) await sleep(5)
  const late = await request(client.session, '/fast')
  t.equal(late.status, undefined, 'no answer on this session')
  t.equal(late.error, 'ERR_HTTP2_GOAWAY_SESSION', 'the client refuses to open it: the request never left')
  t.equal(started(), 1, 'the server never saw it')
  t.equal((await inFlight).status, 200, 'the stream in flight still completes')
  t.equal((await drained).remaining, 0)
})
