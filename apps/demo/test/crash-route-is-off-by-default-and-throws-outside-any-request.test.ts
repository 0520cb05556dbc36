import t from 'tap'
import { buildApp } from '../src/app.js'
import { throwUncaught } from '../src/crash-route.js'
import { testConfig } from './helpers/config.js'

t.test('without DEMO_CRASH_ROUTE there is no crash route', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'POST', url: '/api/_crash' })
  t.equal(response.statusCode, 404)
})

t.test('with it, POST /api/_crash answers 202 and throws from a timer afterwards', async t => {
  let crashed: (error: Error) => void = () => {}
  const thrown = new Promise<Error>(resolve => { crashed = resolve })
  let calls = 0
  const app = await buildApp(testConfig({ crashRoute: true }), { crash: (error) => { calls++; crashed(error) } })
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'POST', url: '/api/_crash?afterMs=20' })
  t.equal(response.statusCode, 202)
  t.same(response.json(), { crashingInMs: 20 })
  t.equal(calls, 0, 'not during the request')
  t.match((await thrown).message, /Deliberate crash from POST \/api\/_crash after 20 ms/)
})

t.test('the delay defaults to 100 ms and is bounded', async t => {
  const crashes: Error[] = []
  const app = await buildApp(testConfig({ crashRoute: true }), { crash: (error) => { crashes.push(error) } })
  t.teardown(() => app.close())
  t.same((await app.inject({ method: 'POST', url: '/api/_crash' })).json(), { crashingInMs: 100 })
  t.equal((await app.inject({ method: 'POST', url: '/api/_crash?afterMs=99999' })).statusCode, 400)
  await new Promise(resolve => setTimeout(resolve, 150))
  t.equal(crashes.length, 1)
})

t.test('the default crash is an exception nobody catches', async t => {
  const error = new Error('boom')
  t.throws(() => throwUncaught(error), error)
})
