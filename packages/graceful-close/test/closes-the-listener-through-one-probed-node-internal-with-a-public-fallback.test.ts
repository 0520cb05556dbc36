import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import t from 'tap'
import gracefulClose from '../src/index.js'
import * as internals from '../src/node-internals.js'
import { build, sleep } from './fixtures/helpers.js'
import { ending, get } from './fixtures/http.js'

t.test('on this Node net.Server#close applies to an http.Server without ending a connection, and nothing is warned', async t => {
  t.equal(internals.probe(), true)
  t.same(internals.probeNodeInternals().fallbacks, [])
  const { app, logs } = build()
  t.teardown(() => app.close())
  await app.register(gracefulClose)
  await app.ready()
  t.same(logs.filter(line => line.level >= 40), [])
})

t.test('the private path stops accepting and leaves an idle keep-alive connection open', async t => {
  const server = http.createServer((_req, res) => { res.end('ok') })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const agent = new http.Agent({ keepAlive: true })
  t.teardown(() => { agent.destroy(); server.closeAllConnections() })
  const reply = await get(port, '/', agent)
  internals.nodeInternals(true).stopAccepting(server)
  await sleep(100)
  t.equal(server.listening, false)
  t.equal(reply.socket.destroyed, false, 'the idle connection is still open')
})

t.test('a probe that throws, or finds net.Server#close ending connections, means the public close', async t => {
  t.equal(internals.probe(() => { throw new Error('no server') }), false)
  t.equal(internals.probe(() => ({}) as http.Server), false, 'not a net.Server at all')
  // A Node whose net.Server#close would end idle connections itself.
  const netClose = net.Server.prototype.close
  net.Server.prototype.close = function (this: http.Server, callback?: (err?: Error) => void) {
    this.closeIdleConnections()
    return netClose.call(this, callback)
  } as typeof netClose
  t.teardown(() => { net.Server.prototype.close = netClose })
  t.equal(internals.probe(), false)
  net.Server.prototype.close = netClose
  const fallback = internals.nodeInternals(false)
  t.match(fallback.fallbacks, [/server\.close\(\).*closeIdleAfter cannot keep them open/])
})

t.test('with the fallback forced: one warning, and the shutdown closes the listener with server.close()', async t => {
  const { default: gracefulCloseFallback } = await t.mockImport<typeof import('../src/index.js')>('../src/index.js', {
    '../src/node-internals.js': { ...internals, probeNodeInternals: () => internals.nodeInternals(false) }
  })
  const { app, logs } = build()
  await app.register(gracefulCloseFallback, { closeIdleAfter: 200, timeout: 5000 })
  app.get('/', async () => 'ok')
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo

  const warnings = logs.filter(line => line.level === 40)
  t.equal(warnings.length, 1, 'one warning')
  t.match(warnings[0], { gracefulClose: { fallbacks: [/net\.Server#close/] }, msg: /lacks a private behaviour the shutdown relies on; public fallback in use/ })

  // A raw socket: an agent's idle sockets are unref'd and would not keep this test alive.
  const idle = net.connect(port, '127.0.0.1')
  let received = ''
  idle.setEncoding('utf8')
  idle.on('data', (chunk: string) => { received += chunk })
  const idleEnded = ending(idle)
  idle.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  while (!received.endsWith('ok')) await sleep(10)
  const result = await app.shutdown()
  t.equal(result.exitCode, 0)
  t.equal(await idleEnded, 'fin', 'http.Server#close ended the idle connection, as the warning says')
  t.ok(result.durationMs < 200, `at once, not after closeIdleAfter (${result.durationMs} ms)`)
  t.equal(app.server.listening, false)
})
