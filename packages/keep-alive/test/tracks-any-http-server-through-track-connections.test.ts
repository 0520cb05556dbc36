import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import t from 'tap'
import { GW_KEEP_ALIVE_INVALID_OPTION, trackConnections } from '../src/index.js'
import { connect, waitFor } from './fixtures/helpers.js'

t.test('trackConnections() on a plain http.Server: the same counts and drain as fastify.connections', async t => {
  const server = http.createServer((_req, res) => { res.end('ok') })
  const warnings: string[] = []
  const tracker = trackConnections(server, { drainTimeout: 5_000, log: { warn: (_details, message) => { warnings.push(message) } } })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { tracker.stop(); server.close() })
  const { port } = server.address() as AddressInfo

  const raw = connect(port)
  raw.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await waitFor(() => raw.received().endsWith('ok'))
  t.match(tracker.snapshot(), { open: 1, active: 0, idle: 1, upgraded: 0, accepted: 1, requests: 1, draining: false })
  t.same(await tracker.drain(), { remaining: 0, upgraded: 0, timedOut: false })
  t.ok(raw.events.end !== undefined, 'FIN')
  t.same(warnings, [], 'nothing to warn about on this Node')
})

t.test('for anything but an HTTP/1.1 server it is inert', async t => {
  const tracker = trackConnections({ on () {} })
  t.same(tracker.snapshot(), { open: 0, active: 0, idle: 0, upgraded: 0, streams: 0, sessions: 0, http2Streams: 0, accepted: 0, closed: 0, requests: 0, requestsPerConnection: 0, draining: false })
  t.same(tracker.openRequests(), [])
  t.same(tracker.longLived(), [])
  t.same(await tracker.closeLongLived({ timeout: 1000 }), { closed: 0, cut: [], timedOut: false }, 'the long-lived bound resolves at once too')
  t.same(await tracker.closeAfterResponses(), { remaining: 0, upgraded: 0, timedOut: false })
  t.same(await tracker.drain(), { remaining: 0, upgraded: 0, timedOut: false })
})

t.test('its options are checked like the plugin\'s', async t => {
  const server = http.createServer()
  t.throws(() => trackConnections(server, { drainTimeout: -1 }), GW_KEEP_ALIVE_INVALID_OPTION)
  t.throws(() => trackConnections(server, { drainTimout: 5 } as object), { message: 'Invalid trackConnections() options: drainTimout is not a known option (check its spelling)' })
  t.throws(() => trackConnections(server, { log: console.log } as never), { message: /log must be object/ })
  t.equal(server.listenerCount('request'), 0, 'nothing attached')
})

t.test('a server that already handles upgrades when the tracker is made gets the tracker\'s listener in front', async t => {
  const server = http.createServer()
  const owner = (): void => {}
  server.on('upgrade', owner)
  const tracker = trackConnections(server)
  t.equal(server.listenerCount('upgrade'), 2)
  t.not(server.listeners('upgrade')[0], owner)
  // A socket it never tracked, handed over anyway (emitted by hand): not counted.
  server.emit('upgrade', {}, new net.Socket(), Buffer.alloc(0))
  t.equal(tracker.upgraded, 0)
})
