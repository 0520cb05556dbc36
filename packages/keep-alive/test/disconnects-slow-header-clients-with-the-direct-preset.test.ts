import t from 'tap'
import Fastify from 'fastify'
import { Client } from 'undici'
import keepAlive, { serverOptions } from '../src/index.js'
import type { KeepAliveOptions } from '../src/index.js'
import { connect, listen } from './fixtures/helpers.js'

t.test('a client sending one header byte per second is cut once headersTimeout passes; normal requests keep flowing', async t => {
  // The direct preset with a shorter headersTimeout so the test is quick; serverOptions() brings the
  // interval derived from it (250 ms) into http.createServer, where Node validates it.
  const opts: KeepAliveOptions = { preset: 'direct', headersTimeout: 3_000 }
  const app = Fastify(serverOptions(opts))
  await app.register(keepAlive, opts)
  app.get('/', async () => ({ ok: true }))
  const port = await listen(app)
  t.teardown(() => app.close())
  t.equal((app.server as unknown as { connectionsCheckingInterval: number }).connectionsCheckingInterval, 250)

  const slow = connect(port)
  const request = 'GET / HTTP/1.1\r\nHost: x\r\nX-Padding: ' + 'a'.repeat(100)
  let sent = 0
  const dribble = setInterval(() => {
    if (slow.socket.writable && sent < request.length) slow.socket.write(request[sent++]!)
  }, 1_000)
  t.teardown(() => clearInterval(dribble))

  const client = new Client(`http://127.0.0.1:${port}`)
  t.teardown(() => client.close())
  let served = 0
  while (slow.events.close === undefined) {
    const res = await client.request({ method: 'GET', path: '/' })
    t.equal(res.statusCode, 200)
    await res.body.json()
    served++
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  clearInterval(dribble)
  t.match(slow.received(), /^HTTP\/1.1 408 Request Timeout/)
  // headersTimeout plus up to one checking interval, with slack for a loaded machine.
  t.ok(slow.events.close! >= 2_500, `cut after ${slow.events.close} ms`)
  t.ok(slow.events.close! < 12_000, `cut after ${slow.events.close} ms`)
  t.ok(served > 5, `${served} normal requests served meanwhile`)
})
