import t from 'tap'
import { buildApp } from '../src/app.js'
import { testConfig } from './helpers/config.js'

t.test('each app instance has its own user store', async t => {
  const first = await buildApp(testConfig())
  const second = await buildApp(testConfig())
  t.teardown(() => first.close())
  t.teardown(() => second.close())
  await first.inject({ method: 'POST', url: '/api/users', payload: { name: 'Ada', email: 'ada@example.com' } })
  t.equal(first.users.size, 1)
  t.same((await second.inject('/api/users')).json(), [])
  t.equal(second.users.size, 0)
  t.not(first.users, second.users)
})
