import { EventEmitter } from 'node:events'
import type http from 'node:http'
import t from 'tap'
import Fastify from 'fastify'
import keepAlive from '../src/index.js'
import * as internals from '../src/node-internals.js'
import { captureLogs, connect, listen, waitFor } from './fixtures/helpers.js'

const NOTHING: internals.ProbeResult = { response: false, parser: false, connectionsList: undefined }

t.test('on this Node the probe finds every private field, and the plugin warns about nothing', async t => {
  const found = internals.probe()
  t.equal(found.response, true, 'socket._httpMessage')
  t.equal(found.parser, true, 'socket.parser')
  t.equal(found.connectionsList?.description, 'http.server.connections')
  const accessors = internals.probeNodeInternals()
  t.same(accessors.fallbacks, [])
  t.equal(accessors.recordResponse, undefined, 'the request path records nothing')
  t.type(accessors.isUpgraded, 'function')

  const logs = captureLogs('warn')
  const app = Fastify({ logger: logs.logger })
  t.teardown(() => app.close())
  await app.register(keepAlive, { preset: 'aws-alb' })
  await app.ready()
  t.same(logs.warnings(), [])
})

t.test('a probe that fails, or a server that does none of it, finds nothing', async t => {
  t.same(internals.probe(() => { throw new Error('no server here') }), NOTHING)
  const inert = Object.assign(new EventEmitter(), { close () {} }) as unknown as http.Server
  t.same(internals.probe(() => inert), NOTHING)
  const fallback = internals.nodeInternals(NOTHING)
  t.equal(fallback.fallbacks.length, 3)
  t.equal(fallback.isUpgraded, undefined)
  t.type(fallback.recordResponse, 'function')
  t.equal(fallback.socketsBetweenRequests({}), undefined)
})

t.test('without Node\'s private state: one warning, and the drain behaves the same through public API', async t => {
  // A mock reaches the modules the mocked one imports directly: so the tracker is mocked first.
  const tracker = await t.mockImport<typeof import('../src/tracker.js')>('../src/tracker.js', {
    '../src/node-internals.js': { ...internals, probeNodeInternals: () => internals.nodeInternals(NOTHING) }
  })
  const { default: keepAliveFallback } = await t.mockImport<typeof import('../src/index.js')>('../src/index.js', { '../src/tracker.js': tracker })
  const logs = captureLogs('warn')
  const app = Fastify({ logger: logs.logger })
  let release!: () => void
  const released = new Promise<void>(resolve => { release = resolve })
  app.get('/', async () => 'ok')
  app.get('/slow', async () => { await released; return 'slow' })
  await app.register(keepAliveFallback, { preset: 'aws-alb' })
  const port = await listen(app)
  t.teardown(async () => { release(); await app.close() })
  app.server.on('upgrade', (_req, socket) => {
    socket.on('end', () => { socket.end() })
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n')
  })

  const warnings = logs.warnings()
  t.equal(warnings.length, 1, 'one warning')
  t.match(warnings[0], { keepAlive: { fallbacks: [/socket\._httpMessage/, /socket\.parser/, /connection list/] }, msg: /lacks private state the connection tracker reads; public fallbacks in use/ })

  const idle = connect(port)
  idle.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await waitFor(() => idle.received().endsWith('ok'))
  const busy = connect(port)
  busy.socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n')
  const upgraded = connect(port)
  upgraded.socket.write('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n')
  await waitFor(() => upgraded.received().includes('101 Switching Protocols'))
  await waitFor(() => app.connections.active === 1)
  t.match(app.connections.snapshot(), { open: 3, active: 1, idle: 1, upgraded: 1 })
  t.match(app.connections.openRequests(), [{ method: 'GET', url: '/slow' }])

  const drained = app.connections.drain({ timeout: 20_000 })
  await idle.closed
  t.ok(idle.events.end !== undefined, 'the idle socket got a FIN')
  release()
  await busy.closed
  t.match(busy.received(), /Connection: close\r\n[^]*slow$/)
  t.same(await drained, { remaining: 0, upgraded: 1, timedOut: false })
  t.equal(upgraded.events.end, undefined, 'the upgraded socket is left to its owner')
  upgraded.socket.end()
  await upgraded.closed
})

t.test('a server without Node\'s connection list at drain time: every socket without a response counts as idle', async t => {
  const app = Fastify()
  app.get('/', async () => 'ok')
  await app.register(keepAlive)
  const port = await listen(app)
  t.teardown(() => app.close())

  const raw = connect(port)
  raw.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await waitFor(() => raw.received().endsWith('ok'))
  // Simulates a server that does not keep the list (not Node's own, or never listened).
  const server = app.server as unknown as Record<symbol, unknown>
  const key = Object.getOwnPropertySymbols(server).find(symbol => symbol.description === 'http.server.connections')!
  const list = server[key]
  delete server[key]
  t.teardown(() => { server[key] = list })
  t.same(await app.connections.drain({ timeout: 20_000 }), { remaining: 0, upgraded: 0, timedOut: false })
  t.ok(raw.events.end !== undefined, 'ended with a FIN')
  t.equal(raw.events.error, undefined)
})
