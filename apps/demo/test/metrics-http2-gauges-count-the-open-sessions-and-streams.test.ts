// groundwork_http2_sessions and groundwork_http2_streams read keep-alive's `sessions` and
// `http2Streams` at scrape time: one h2c session open reads 1, a request in flight on it one stream.
import t from 'tap'
import { scrape } from './helpers/metrics.js'
import { valueOf } from './helpers/prometheus-text.js'
import { servingOver } from './helpers/transports.js'

async function gauges (app: Parameters<typeof scrape>[0]): Promise<{ sessions: number, streams: number }> {
  const exposition = await scrape(app)
  return { sessions: valueOf(exposition, 'groundwork_http2_sessions'), streams: valueOf(exposition, 'groundwork_http2_streams') }
}

t.test('h2c: the sessions gauge reads 1 while a session is open, the streams gauge 1 while a request is in flight, both 0 once it left', async t => {
  const { app, client } = await servingOver(t, 'h2c', { metricsPort: 0 })
  t.equal((await client.request({ path: '/health/ready' })).status, 200)
  t.same(await gauges(app), { sessions: 1, streams: 0 }, 'one idle session')

  const slow = client.request({ path: '/api/delay/1000' })
  await new Promise(resolve => setTimeout(resolve, 200))
  t.same(await gauges(app), { sessions: 1, streams: 1 }, 'one stream in flight on it')
  t.equal((await slow).status, 200)

  await client.close()
  // The session's close reaches the server a moment after the client's.
  let after = await gauges(app)
  for (let tries = 0; after.sessions !== 0 && tries < 50; tries++) {
    await new Promise(resolve => setTimeout(resolve, 20))
    after = await gauges(app)
  }
  t.same(after, { sessions: 0, streams: 0 }, 'none once the client left')
})

t.test('http: both gauges read 0 on an HTTP/1.1 server with a connection open', async t => {
  const { app, client } = await servingOver(t, 'http', { metricsPort: 0 })
  t.equal((await client.request({ path: '/health/ready' })).status, 200)
  t.same(await gauges(app), { sessions: 0, streams: 0 })
})
