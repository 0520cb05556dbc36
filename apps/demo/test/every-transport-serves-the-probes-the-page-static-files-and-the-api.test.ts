// One set of questions, asked over each transport the demo serves: HTTP/1.1, HTTPS, h2c (HTTP/2 with
// prior knowledge) and h2 over TLS, where an HTTP/1.1 client on the same port must get HTTP/1.1.
import t, { type Test } from 'tap'
import type { Transport } from '../src/transport.js'
import { http1Client, type Answer, type TestClient } from './helpers/clients.js'
import { servingOver, transports } from './helpers/transports.js'

interface Expected {
  httpVersion: string
  alpn: string | false
}

const expected: Record<Transport, Expected> = {
  http: { httpVersion: '1.1', alpn: false },
  https: { httpVersion: '1.1', alpn: 'http/1.1' },
  h2c: { httpVersion: '2.0', alpn: 'h2c' },
  h2: { httpVersion: '2.0', alpn: 'h2' }
}

function spoke (t: Test, answer: Answer, protocol: Expected, what: string): void {
  t.equal(answer.httpVersion, protocol.httpVersion, `${what}: HTTP/${protocol.httpVersion}`)
  t.equal(answer.alpn, protocol.alpn, `${what}: ALPN ${String(protocol.alpn)}`)
}

/** Everything the page and an API client use, asked in order, over one connection or session. */
async function servesEverything (t: Test, client: TestClient, protocol: Expected, email: string): Promise<void> {
  const live = await client.request({ path: '/health/live' })
  spoke(t, live, protocol, 'GET /health/live')
  t.equal(live.status, 200)
  t.same(JSON.parse(live.body), { status: 'live' })

  const ready = await client.request({ path: '/health/ready' })
  t.equal(ready.status, 200)
  t.same(JSON.parse(ready.body), { status: 'ready' })

  const page = await client.request({ path: '/' })
  spoke(t, page, protocol, 'GET /')
  t.equal(page.status, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(page.body, /Groundwork demo/)
  t.match(page.headers['content-security-policy'], /default-src 'self'/, 'the page keeps its policies')

  const script = await client.request({ path: '/app.js' })
  t.equal(script.status, 200)
  t.match(script.headers['content-type'], /^application\/javascript/)
  t.match(script.body, /EventSource/)
  const styles = await client.request({ path: '/styles.css' })
  t.equal(styles.status, 200)
  t.match(styles.headers['content-type'], /^text\/css/)

  const created = await client.request({
    method: 'POST',
    path: '/api/users',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Ada', email })
  })
  spoke(t, created, protocol, 'POST /api/users')
  t.equal(created.status, 201)
  const user = JSON.parse(created.body) as { id: number }
  t.equal(created.headers['location'], `/api/users/${user.id}`)
  t.equal(created.headers['cache-control'], 'no-store', 'the API keeps its headers')

  const listed = await client.request({ path: '/api/users' })
  t.equal(listed.status, 200)
  t.match(JSON.parse(listed.body), [{ id: user.id, name: 'Ada', email }])

  const stats = await client.request({ path: '/api/stats' })
  t.equal(stats.status, 200)
  t.match(JSON.parse(stats.body), {
    pid: process.pid,
    // keep-alive's snapshot, spread: the keys it has on every server.
    connections: { open: Number, active: Number, idle: Number, upgraded: Number, streams: Number, accepted: Number, closed: Number, requests: Number, draining: false },
    requests: { total: Number },
    users: 1,
    uptimeSeconds: Number
  })

  const events = await client.request({ path: '/api/events', headers: { accept: 'text/event-stream' }, until: /event: stats\ndata: .*\n\n/ })
  spoke(t, events, protocol, 'GET /api/events')
  t.equal(events.status, 200)
  t.match(events.headers['content-type'], /^text\/event-stream/)
  t.match(events.body, /^retry: 1000\n\nevent: stats\ndata: \{"pid":\d+,/, 'the retry line, then the stats at once')

  const missing = await client.request({ path: '/api/nope' })
  t.equal(missing.status, 404)
  t.equal(JSON.parse(missing.body).code, 'GW_ROUTING_NOT_FOUND')
  const wrongMethod = await client.request({ method: 'PUT', path: '/api/users' })
  t.equal(wrongMethod.status, 405)
  t.match(wrongMethod.headers['allow'], /GET/)

  // The connection (or session) served all of that and is still usable.
  t.equal((await client.request({ path: '/health/live' })).status, 200, 'still serving on the same connection')
}

for (const transport of transports) {
  t.test(`${transport}: the probes, the page, its static files and the API`, async t => {
    const { client } = await servingOver(t, transport)
    await servesEverything(t, client, expected[transport], `ada@${transport}.example.com`)
  })
}

t.test('h2 over TLS: an HTTP/1.1 client on the same port gets HTTP/1.1 and everything else', async t => {
  const { port, tls, client } = await servingOver(t, 'h2')
  const http1 = http1Client(port, tls)
  t.teardown(() => http1.close())
  await servesEverything(t, http1, { httpVersion: '1.1', alpn: 'http/1.1' }, 'ada@http1.example.com')
  // The HTTP/2 session beside it sees the same app (one user store).
  const listed = await client.request({ path: '/api/users' })
  t.equal(listed.httpVersion, '2.0')
  t.match(JSON.parse(listed.body), [{ email: 'ada@http1.example.com' }])
})
