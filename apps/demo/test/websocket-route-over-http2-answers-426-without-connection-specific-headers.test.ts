// HTTP/2 forbids connection-specific headers (RFC 9113, 8.2.2), and Node throws on them from
// writeHead, outside any handler: a 426 carrying `Upgrade` and `Connection` once ended the process.
import t from 'tap'
import { servingOver } from './helpers/transports.js'

for (const transport of ['h2c', 'h2'] as const) {
  t.test(`${transport}: GET /api/ws is a 426 with no Upgrade or Connection, and the server keeps serving`, async t => {
    const { client } = await servingOver(t, transport)
    const answer = await client.request({ path: '/api/ws' })
    t.equal(answer.httpVersion, '2.0')
    t.equal(answer.status, 426)
    t.equal(answer.headers['upgrade'], undefined)
    t.equal(answer.headers['connection'], undefined)
    t.equal(answer.headers['cache-control'], 'no-store')
    t.same(JSON.parse(answer.body), {
      statusCode: 426,
      code: 'DEMO_UPGRADE_REQUIRED',
      error: 'Upgrade Required',
      message: '/api/ws is a WebSocket endpoint: connect over HTTP/1.1 with Upgrade: websocket'
    })
    t.equal((await client.request({ path: '/health/live' })).status, 200, 'the same session still serves')
  })
}

t.test('over HTTP/1.1 the 426 still names the protocol to switch to', async t => {
  const { client } = await servingOver(t, 'http')
  const answer = await client.request({ path: '/api/ws' })
  t.equal(answer.status, 426)
  t.equal(answer.headers['upgrade'], 'websocket')
  t.equal(answer.headers['connection'], 'upgrade')
})
