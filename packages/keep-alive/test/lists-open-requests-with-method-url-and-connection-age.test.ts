import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import Fastify from 'fastify'
import keepAlive from '../src/index.js'
import { connect, listen, waitFor } from './fixtures/helpers.js'

t.test('openRequests() lists the requests in flight with the age of their connection, nothing else', async t => {
  const app = Fastify()
  let release!: () => void
  const released = new Promise<void>(resolve => { release = resolve })
  app.get('/', async () => 'ok')
  app.post('/hang', async () => { await released; return 'late' })
  await app.register(keepAlive)
  const port = await listen(app)
  t.teardown(async () => { release(); await app.close() })
  t.same(app.connections.openRequests(), [])

  const busy = connect(port)
  await busy.connected
  await sleep(300)
  busy.socket.write('POST /hang?id=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n')
  const idle = connect(port)
  idle.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
  await waitFor(() => idle.received().endsWith('ok') && app.connections.active === 1)

  const open = app.connections.openRequests()
  t.match(open, [{ method: 'POST', url: '/hang?id=1' }])
  t.equal(open.length, 1, 'the idle connection has none')
  t.ok(open[0]!.connectionAgeMs >= 250, `measured from the connection's acceptance (${open[0]!.connectionAgeMs} ms)`)

  release()
  await waitFor(() => busy.received().endsWith('late'))
  t.same(app.connections.openRequests(), [])
})
