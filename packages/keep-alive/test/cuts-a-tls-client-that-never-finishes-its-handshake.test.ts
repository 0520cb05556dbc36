import tls from 'node:tls'
import { test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import keepAlive, { DEFAULT_HANDSHAKE_TIMEOUT } from '../src/index.js'
import { probeHandshakeTimeoutKey } from '../src/node-internals.js'
import { enforceHandshakeTimeout } from '../src/tls-handshake.js'
import { captureLogs, connect, listen, waitFor } from './fixtures/helpers.js'
import { makeCertificate } from './fixtures/http2.js'

for (const transport of ['https', 'http2 over TLS'] as const) {
  test(`${transport}: a client that sends nothing is cut at handshakeTimeout, and counted only once its handshake is done`, async t => {
    const certificate = makeCertificate(t.testdir())
    const app = (transport === 'https'
      ? Fastify({ https: certificate })
      : Fastify({ http2: true, https: { ...certificate, allowHTTP1: true } })) as unknown as FastifyInstance
    await app.register(keepAlive, { handshakeTimeout: 300 })
    app.get('/', async () => ({ ok: true }))
    t.teardown(() => app.close())
    const port = await listen(app)

    const silent = connect(port)
    await silent.connected
    await new Promise(resolve => setTimeout(resolve, 50))
    t.equal(app.connections.open, 0, 'a socket still in its handshake is not a connection yet')
    await silent.closed
    t.ok(silent.events.close! >= 250 && silent.events.close! < 1_300, `cut after ${silent.events.close} ms (handshakeTimeout 300 ms; Node leaves it open without a listener)`)

    const client = tls.connect({ port, host: '127.0.0.1', ca: certificate.cert, servername: 'localhost', ALPNProtocols: ['http/1.1'] })
    t.teardown(() => client.destroy())
    await new Promise(resolve => client.once('secureConnect', resolve))
    await waitFor(() => app.connections.open === 1)
    t.equal(app.connections.open, 1, 'counted after its handshake')
    await new Promise(resolve => setTimeout(resolve, 500))
    t.equal(client.destroyed, false, 'a finished handshake is never cut by the handshake timeout')
  })
}

test('the default handshake timeout is 10 s, set on the server before it listens', async t => {
  const certificate = makeCertificate(t.testdir())
  const app = Fastify({ https: certificate })
  await app.register(keepAlive)
  t.teardown(() => app.close())
  await app.ready()
  const key = probeHandshakeTimeoutKey()
  t.type(key, 'symbol', 'this Node keeps it where the probe finds it')
  t.equal((app.server as unknown as Record<symbol, unknown>)[key!], DEFAULT_HANDSHAKE_TIMEOUT)
  t.equal(DEFAULT_HANDSHAKE_TIMEOUT, 10_000)
})

test('without the private field: the timeout is left to the construction option, with one warning', async t => {
  t.equal(probeHandshakeTimeoutKey(() => { throw new Error('another Node') }), undefined, 'a failing probe finds nothing')
  const server = tls.createServer({})
  const result = enforceHandshakeTimeout(server, 500, undefined)
  t.equal(result.set, false)
  t.equal(server.listenerCount('tlsClientError'), 1, 'failed handshakes are still cut')
  result.undo()
  t.equal(server.listenerCount('tlsClientError'), 0)

  const { keepAlive: plugin } = await t.mockImport<typeof import('../src/index.js')>('../src/index.js', {
    '../src/node-internals.js': { ...await import('../src/node-internals.js'), probeHandshakeTimeoutKey: () => undefined }
  })
  const certificate = makeCertificate(t.testdir())
  const logs = captureLogs('info')
  const app = Fastify({ https: certificate, logger: logs.logger })
  await app.register((await import('fastify-plugin')).default(plugin), { handshakeTimeout: 2_000 })
  t.teardown(() => app.close())
  await app.ready()
  t.match(logs.warnings().filter(line => line.keepAlive?.option === 'handshakeTimeout'), [{ keepAlive: { option: 'handshakeTimeout', value: 2_000 }, msg: /pass handshakeTimeout: 2000 in Fastify's https options/ }])
})
