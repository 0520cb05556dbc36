import http from 'node:http'
import type { Test } from 'tap'
import t from 'tap'
import Fastify from 'fastify'
import keepAlive, { serverOptions } from '../src/index.js'
import type { KeepAliveOptions } from '../src/index.js'
import { captureLogs, connect, listen } from './fixtures/helpers.js'
import type { RawConnection } from './fixtures/helpers.js'

const opts: KeepAliveOptions = { headersTimeout: 2_000, requestTimeout: 10_000 }
const HEADERS_TIMEOUT = 2_000

interface Dribbler {
  slow: RawConnection
  /** Milliseconds from the first byte sent to the socket's close, or undefined while it is open. */
  closedAfter: () => number | undefined
}

/** A client that sends part of a header line, then one more byte every 300 ms, never finishing it. */
async function dribble (t: Test, port: number): Promise<Dribbler> {
  const slow = connect(port)
  t.teardown(() => { slow.socket.destroy() })
  await slow.connected
  const firstByteAt = Date.now()
  slow.socket.write('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ')
  const timer = setInterval(() => { if (slow.socket.writable) slow.socket.write('a') }, 300)
  t.teardown(() => { clearInterval(timer) })
  slow.socket.once('close', () => { clearInterval(timer) })
  return { slow, closedAfter: () => slow.events.close === undefined ? undefined : slow.startedAt + slow.events.close - firstByteAt }
}

async function assertCutOnTime (t: Test, port: number): Promise<void> {
  const { slow, closedAfter } = await dribble(t, port)
  await slow.closed
  const after = closedAfter()!
  t.match(slow.received(), /^HTTP\/1.1 408 Request Timeout\r\n/)
  // Node measures headersTimeout from the first byte of the request, and cuts at the first check after it.
  t.ok(after > HEADERS_TIMEOUT - 100, `cut ${after} ms after the first byte, not before headersTimeout`)
  t.ok(after < HEADERS_TIMEOUT + 1_500, `cut ${after} ms after the first byte, within headersTimeout + 1.5 s`)
}

t.test('Fastify({ ...serverOptions(o) }) with the plugin given o: the dribbler is cut within a second of headersTimeout, nothing is warned', async t => {
  const logs = captureLogs('warn')
  const app = Fastify({ ...serverOptions(opts), logger: logs.logger })
  t.teardown(() => app.close())
  await app.register(keepAlive, opts)
  app.get('/', async () => 'ok')
  const port = await listen(app)
  t.equal((app.server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval, 250)
  t.same(logs.warnings().filter(line => line.keepAlive?.option === 'connectionsCheckingInterval'), [])
  t.same(logs.warnings(), [])
  await assertCutOnTime(t, port)
})

t.test('a plain Fastify() gets the same cut: the plugin sets the interval before listen, when Node reads it', async t => {
  const logs = captureLogs('warn')
  const app = Fastify({ logger: logs.logger })
  t.teardown(() => app.close())
  await app.register(keepAlive, opts)
  app.get('/', async () => 'ok')
  const port = await listen(app)
  t.same(logs.warnings(), [])
  await assertCutOnTime(t, port)
})

t.test('a server that listened before the plugin ran keeps its 30 s check, and the warning names the derived interval', async t => {
  const server = http.createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(async () => {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  })
  const logs = captureLogs('warn')
  const app = Fastify({
    logger: logs.logger,
    serverFactory: handler => server.on('request', handler)
  })
  t.teardown(() => app.close())
  await app.register(keepAlive, opts)
  app.get('/', async () => 'ok')
  await app.ready()
  t.match(logs.warnings(), [{
    keepAlive: { option: 'connectionsCheckingInterval', value: 30_000 },
    msg: /stays 30000 ms, not the 250 ms keep-alive would set: the server was already listening.*connectionsCheckingInterval: 250 \(serverOptions\(\)\.http has it\)/
  }])
  t.equal((server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval, 30_000, 'not claimed as set')
  t.equal(server.headersTimeout, 2_000, 'the limit itself is applied')

  // What the warning says: Node still checks every 30 s, so the limit has not bitten 1.5 s after it passed.
  const { port } = server.address() as { port: number }
  const { closedAfter } = await dribble(t, port)
  await new Promise(resolve => setTimeout(resolve, HEADERS_TIMEOUT + 1_500))
  t.equal(closedAfter(), undefined, 'still open')
})
