import net, { type AddressInfo } from 'node:net'
import t from 'tap'
import keepAlive from '@groundwork/keep-alive'
import gracefulClose from '../src/index.js'
import { build, sleep } from './fixtures/helpers.js'

// The guarantee docs/deploy.md gives a retrying proxy: a request written on a kept-alive
// connection after the drain closed it is never read by the app, so the peer's failure means
// "not applied" and a replay elsewhere is safe. graceful-close drains through keep-alive's tracker,
// the decorated one or its own instance, so the guarantee is checked both ways.

for (const withKeepAlive of [false, true]) {
  t.test(`the drain never handles a request written on an idle connection after its FIN (${withKeepAlive ? 'with' : 'without'} @groundwork/keep-alive)`, async t => {
    const { app, logs } = build({ return503OnClosing: false })
    if (withKeepAlive) await app.register(keepAlive)
    await app.register(gracefulClose, { closeIdleAfter: 0, timeout: 5000 })
    let applied = 0
    app.get('/', async () => 'hello')
    app.post('/apply', async () => { applied++; return { applied } })
    await app.listen({ port: 0, host: '127.0.0.1' })
    t.teardown(() => app.close())
    const { port } = app.server.address() as AddressInfo

    // allowHalfOpen: it keeps writing after the server's FIN, as a proxy racing the close does.
    const client = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true })
    let received = ''
    client.setEncoding('utf8')
    client.on('data', (chunk: string) => { received += chunk })
    client.on('error', () => {})
    const gotFin = new Promise(resolve => client.once('end', resolve))
    const closed = new Promise(resolve => client.once('close', resolve))
    client.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
    while (!received.endsWith('hello')) await sleep(10)

    const done = app.shutdown()
    await gotFin
    client.end('POST /apply HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}')
    await closed
    await sleep(100)

    t.equal(applied, 0, 'the handler never ran for the late request')
    t.notMatch(received, /applied/, 'and nothing was answered to it')
    t.equal((await done).exitCode, 0)
    t.match(logs.find(line => line.phase === 'drain'), { via: withKeepAlive ? 'fastify.connections' : 'own tracker', remaining: 0, upgraded: 0, timedOut: false })
  })
}
