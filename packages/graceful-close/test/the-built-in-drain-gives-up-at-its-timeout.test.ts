import t from 'tap'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { ConnectionTracker } from '../src/tracker.js'
import { sleep } from './fixtures/helpers.js'
import { get } from './fixtures/http.js'

t.test('the drain resolves with what is left at its timeout, and is idempotent', async t => {
  const server = http.createServer(() => { /* never answers */ })
  const tracker = new ConnectionTracker(server)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const agent = new http.Agent({ keepAlive: true })
  t.teardown(() => { agent.destroy(); server.close() })
  const { port } = server.address() as AddressInfo
  get(port, '/never', agent).catch(() => {})
  await sleep(100)
  t.same(tracker.openRequests().map(open => open.url), ['/never'])
  const first = tracker.drain({ timeout: 200 })
  t.equal(tracker.drain({ timeout: 5000 }), first, 'a second drain joins the first')
  t.same(await first, { remaining: 1, timedOut: true })
})

t.test('sockets accepted before the tracker existed are picked up on their next request', async t => {
  const server = http.createServer((_req, res) => res.end('ok'))
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const agent = new http.Agent({ keepAlive: true })
  t.teardown(() => { agent.destroy(); server.close() })
  const { port } = server.address() as AddressInfo
  const before = await get(port, '/before', agent)
  const tracker = new ConnectionTracker(server)
  const after = await get(port, '/after', agent)
  t.equal(after.socket, before.socket, 'the same keep-alive connection')
  t.same(tracker.openRequests(), [], 'a finished request is not open')
  const closed = new Promise(resolve => after.socket.once('close', resolve))
  t.same(await tracker.drain({ timeout: 5000 }), { remaining: 0, timedOut: false }, 'the late socket was tracked and drained')
  await closed
})
