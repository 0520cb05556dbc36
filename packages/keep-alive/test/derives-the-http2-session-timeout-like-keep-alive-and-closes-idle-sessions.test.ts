import { test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import keepAlive, { FASTIFY_SERVER_DEFAULTS, GW_KEEP_ALIVE_SESSION_NOT_ABOVE_UPSTREAM, resolveSettings } from '../src/index.js'
import { listen, waitFor } from './fixtures/helpers.js'
import { connectHttp2, request } from './fixtures/http2.js'

const context = { inherited: { ...FASTIFY_SERVER_DEFAULTS }, bufferSupported: false }

test('sessionTimeout is derived from upstreamIdleTimeout like keepAliveTimeout, and checked the same way', async t => {
  const derived = resolveSettings({ upstreamIdleTimeout: 60_000 }, context)
  t.equal(derived.sessionTimeout, derived.effective.keepAliveTimeout, 'the same derivation')
  t.equal(derived.sessionTimeout, 66_000)
  t.equal(derived.sessionTimeoutSource, 'derived')
  t.equal(resolveSettings({ preset: 'gcp-lb' }, context).sessionTimeout, 660_000, 'presets too')
  t.same([resolveSettings({}, context).sessionTimeout, resolveSettings({}, context).sessionTimeoutSource], [72_000, 'server'], 'Fastify\'s http2SessionTimeout otherwise')
  t.equal(resolveSettings({}, { ...context, inheritedSessionTimeout: 5_000 }).sessionTimeout, 5_000, 'or what the server was given')
  t.same([resolveSettings({ sessionTimeout: 90_000, upstreamIdleTimeout: 60_000 }, context).sessionTimeoutSource], ['explicit'])
  t.throws(() => resolveSettings({ sessionTimeout: 60_000, upstreamIdleTimeout: 60_000 }, context), GW_KEEP_ALIVE_SESSION_NOT_ABOVE_UPSTREAM, 'not above the proxy: refused')
  t.equal(resolveSettings({ sessionTimeout: 0, upstreamIdleTimeout: 60_000 }, context).sessionTimeout, 0, '0 (never) cannot race the proxy')
  t.throws(() => resolveSettings({ sessionTimeout: -1 } as never, context), { code: 'GW_KEEP_ALIVE_INVALID_OPTION' })
})

test('an HTTP/2 session inactive for sessionTimeout gets a GOAWAY and closes', async t => {
  const app = Fastify({ http2: true }) as unknown as FastifyInstance
  await app.register(keepAlive, { sessionTimeout: 300 })
  app.get('/', async () => ({ ok: true }))
  t.teardown(() => app.close())
  const port = await listen(app)
  const client = connectHttp2(`http://127.0.0.1:${port}`)
  t.equal((await request(client.session, '/')).status, 200)
  const idleSince = performance.now()
  await client.closed
  const idleFor = performance.now() - idleSince
  t.ok(client.goaways.length >= 1 && client.goaways[0]?.errorCode === 0, 'told with a GOAWAY (NO_ERROR)')
  t.ok(idleFor >= 250 && idleFor < 1_500, `closed ${Math.round(idleFor)} ms after its last stream (sessionTimeout 300 ms, Fastify's own 72 s)`)
  // The server's side closes just after the client's (Node 24 reports it a little later than 20).
  await waitFor(() => app.connections.sessions === 0, 1_000)
  t.equal(app.connections.closed, 1)
})
