import t from 'tap'
import net from 'node:net'
import { once } from 'node:events'
import { valueOf } from './helpers/prometheus-text.js'
import { listening } from './helpers/listen.js'
import { scrape } from './helpers/metrics.js'

t.test('a 404 and a 405 on the public port move the routing counters', async t => {
  const { app, port } = await listening(t, { metricsPort: 0 })
  const before = await scrape(app)
  t.equal((await fetch(`http://127.0.0.1:${port}/api/nothing-here`)).status, 404)
  t.equal((await fetch(`http://127.0.0.1:${port}/api/users/1`, { method: 'PATCH' })).status, 405)
  const after = await scrape(app)
  t.equal(valueOf(after, 'groundwork_routing_not_found_total') - valueOf(before, 'groundwork_routing_not_found_total'), 1)
  t.equal(valueOf(after, 'groundwork_routing_method_not_allowed_total') - valueOf(before, 'groundwork_routing_method_not_allowed_total'), 1)
  t.equal(valueOf(after, 'groundwork_requests_total') - valueOf(before, 'groundwork_requests_total'), 2, 'the requests counter too')
})

t.test('a body over BODY_LIMIT moves groundwork_body_rejected_total{code="GW_BODY_TOO_LARGE"} only', async t => {
  const { app, port } = await listening(t, { metricsPort: 0, bodyLimit: 1024 })
  const response = await fetch(`http://127.0.0.1:${port}/api/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x'.repeat(2048) }) })
  t.equal(response.status, 413)
  const after = await scrape(app)
  t.equal(valueOf(after, 'groundwork_body_rejected_total{code="GW_BODY_TOO_LARGE"}'), 1)
  const others = [...after.samples].filter(([key, value]) => key.startsWith('groundwork_body_rejected_total{') && !key.includes('GW_BODY_TOO_LARGE') && value !== 0)
  t.same(others, [], 'no other code moved')
})

t.test('an inflated body moves the inflated counters', async t => {
  const { gzipSync } = await import('node:zlib')
  const { app, port } = await listening(t, { metricsPort: 0 })
  const json = JSON.stringify({ text: 'hello' })
  const response = await fetch(`http://127.0.0.1:${port}/api/echo`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(json) })
  t.equal(response.status, 200)
  const after = await scrape(app)
  t.equal(valueOf(after, 'groundwork_body_inflated_total'), 1)
  t.equal(valueOf(after, 'groundwork_body_inflated_bytes_total'), Buffer.byteLength(json))
})

t.test('the connection gauges follow an open socket, and the counters its acceptance and close', async t => {
  const { app, port } = await listening(t, { metricsPort: 0 })
  const before = await scrape(app)
  t.equal(valueOf(before, 'groundwork_connections_open'), 0, 'the metrics port is not counted')
  const socket = net.connect(port, '127.0.0.1')
  await once(socket, 'connect')
  socket.write('GET /api/stats HTTP/1.1\r\nhost: x\r\n\r\n')
  await once(socket, 'data')
  const open = await scrape(app)
  t.equal(valueOf(open, 'groundwork_connections_open'), 1)
  t.equal(valueOf(open, 'groundwork_connections{state="idle"}'), 1, 'kept alive after its response')
  t.equal(valueOf(open, 'groundwork_connections{state="active"}'), 0)
  t.equal(valueOf(open, 'groundwork_connections_accepted_total'), 1)
  socket.end()
  await once(socket, 'close')
  // The server sees the close a moment after the client does.
  let closed = await scrape(app)
  for (let i = 0; i < 100 && valueOf(closed, 'groundwork_connections_open') !== 0; i++) closed = await scrape(app)
  t.equal(valueOf(closed, 'groundwork_connections_open'), 0)
  t.equal(valueOf(closed, 'groundwork_connections{state="idle"}'), 0)
  t.equal(valueOf(closed, 'groundwork_connections_closed_total'), 1)
})

t.test('two apps in one process keep their own numbers', async t => {
  const one = await listening(t, { metricsPort: 0 })
  const two = await listening(t, { metricsPort: 0 })
  await (await fetch(`http://127.0.0.1:${one.port}/nowhere`)).arrayBuffer()
  t.equal(valueOf(await scrape(one.app), 'groundwork_routing_not_found_total'), 1)
  t.equal(valueOf(await scrape(two.app), 'groundwork_routing_not_found_total'), 0)
})
