import t from 'tap'
import { Gauge } from 'prom-client'
import { listening } from './helpers/listen.js'
import { metricsUrl } from './helpers/metrics.js'

t.test('a collector that throws gives one 500 in the error shape, logged, and the next scrape works', async t => {
  const { app } = await listening(t, { metricsPort: 0 })
  let broken = true
  const register = app.metricsServer?.register
  t.ok(register)
  // eslint-disable-next-line no-new -- registering is the point
  new Gauge({ name: 'test_broken', help: 'throws while broken', registers: [register!], collect () { if (broken) throw new Error('collector bug'); this.set(1) } })
  const failed = await fetch(metricsUrl(app))
  t.equal(failed.status, 500)
  t.same(await failed.json(), { statusCode: 500, code: 'DEMO_METRICS_FAILED', error: 'Internal Server Error', message: 'a metrics collector failed; see the server log' })
  broken = false
  const next = await fetch(metricsUrl(app))
  t.equal(next.status, 200)
  t.match(await next.text(), /^test_broken 1$/m)
})
