import { test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import keepAlive from '../src/index.js'
import { listen } from './fixtures/helpers.js'
import { connectHttp2, makeCertificate, request } from './fixtures/http2.js'

// Without the plugin, app.close() waits for a Node HTTP/2 client to leave, which it never does on
// its own: the client is destroyed at this guard so that the test ends either way.
const guardMs = 5_000

for (const transport of ['h2c', 'h2 over TLS with HTTP/1.1 beside it'] as const) {
  test(`${transport}: app.close() ends an idle session with a GOAWAY instead of waiting for the client`, async t => {
    const certificate = makeCertificate(t.testdir())
    const tls = transport !== 'h2c'
    const app = (tls ? Fastify({ http2: true, https: { ...certificate, allowHTTP1: true } }) : Fastify({ http2: true })) as unknown as FastifyInstance
    await app.register(keepAlive)
    app.get('/', async () => ({ ok: true }))
    const port = await listen(app)
    const client = connectHttp2(`${tls ? 'https' : 'http'}://localhost:${port}`, certificate.cert)
    t.teardown(() => client.session.destroy())
    t.equal((await request(client.session, '/')).status, 200)

    let guardFired = false
    const guard = setTimeout(() => { guardFired = true; client.session.destroy() }, guardMs)
    t.teardown(() => clearTimeout(guard))
    await app.close()
    t.equal(guardFired, false, `expected app.close() to end the session itself, before the client was destroyed at ${guardMs} ms`)
    t.ok(client.goaways.length > 0, 'the client got a GOAWAY')
    t.ok(client.goaways.every(goaway => goaway.errorCode === 0), 'with NO_ERROR')
    await client.closed
  })
}

test('a stream in flight when app.close() starts is answered before the session closes', async t => {
  const app = Fastify({ http2: true }) as unknown as FastifyInstance
  await app.register(keepAlive)
  let arrived: () => void = () => {}
  const inHandler = new Promise<void>(resolve => { arrived = resolve })
  app.get('/slow', async () => {
    arrived()
    await new Promise(resolve => setTimeout(resolve, 300))
    return { done: true }
  })
  const port = await listen(app)
  const client = connectHttp2(`http://localhost:${port}`)
  t.teardown(() => client.session.destroy())
  const answer = request(client.session, '/slow')
  await inHandler
  await app.close()
  t.match(await answer, { status: 200, body: '{"done":true}', rstCode: 0, error: undefined }, 'answered in full, not reset')
  t.ok(client.goaways.length > 0, 'and told with a GOAWAY')
})
