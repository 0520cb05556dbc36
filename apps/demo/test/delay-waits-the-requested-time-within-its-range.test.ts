import t from 'tap'
import { buildApp } from '../src/app.js'
import { testConfig } from './helpers/config.js'

t.test('GET /api/delay/:ms waits, then says how long', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const started = performance.now()
  const response = await app.inject('/api/delay/50')
  t.equal(response.statusCode, 200)
  t.same(response.json(), { waitedMs: 50 })
  t.ok(performance.now() - started >= 45, 'it really waited')
  t.same((await app.inject('/api/delay/0')).json(), { waitedMs: 0 })
})

t.test('a delay outside 0-30000 or not an integer is a 400 naming the parameter', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  for (const ms of ['30001', '-1', 'soon', '1.5']) {
    const response = await app.inject(`/api/delay/${ms}`)
    t.equal(response.statusCode, 400, ms)
    t.match(response.json().message, /ms/, ms)
  }
})
