// The public port may speak HTTPS, h2c or h2; the metrics port is a plain node:http server of its
// own on loopback, so a scraper needs no certificate and no HTTP/2, whatever the app serves.
import t from 'tap'
import { request } from 'node:http'
import { metricsUrl } from './helpers/metrics.js'
import { servingOver } from './helpers/transports.js'

for (const transport of ['https', 'h2c', 'h2'] as const) {
  t.test(`${transport}: GET /metrics is plain HTTP/1.1 on 127.0.0.1`, async t => {
    const { app, client } = await servingOver(t, transport, { metricsPort: 0 })
    const url = metricsUrl(app)
    t.match(url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
    const scrape = await new Promise<{ status: number, httpVersion: string, body: string }>((resolve, reject) => {
      request(url, { agent: false }, (res) => {
        let body = ''
        res.setEncoding('utf8').on('data', (chunk: string) => { body += chunk })
        res.on('end', () => { resolve({ status: res.statusCode as number, httpVersion: res.httpVersion, body }) })
      }).on('error', reject).end()
    })
    t.equal(scrape.status, 200)
    t.equal(scrape.httpVersion, '1.1')
    t.match(scrape.body, /^groundwork_connections_open \d+$/m)
    // And the public port is still the transport's own.
    t.equal((await client.request({ path: '/health/ready' })).status, 200)
  })
}
