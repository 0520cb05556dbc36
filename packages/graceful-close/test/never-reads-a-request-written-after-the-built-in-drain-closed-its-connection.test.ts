import net, { type AddressInfo } from 'node:net'
import t from 'tap'
import gracefulClose from '../src/index.js'
import { build, sleep } from './fixtures/helpers.js'

// The guarantee docs/deploy.md gives a retrying proxy: a request written on a kept-alive
// connection after the drain closed it is never read by the app, so the peer's failure means
// "not applied" and a replay elsewhere is safe.

t.test('the built-in drain never handles a request written on an idle connection after its FIN', async t => {
  const { app } = build({ return503OnClosing: false })
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
})
