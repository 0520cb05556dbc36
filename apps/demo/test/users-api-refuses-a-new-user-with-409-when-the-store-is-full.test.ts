import t from 'tap'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { testConfig } from './helpers/config.js'

const ada = { name: 'Ada', email: 'ada@example.com' }

t.test('at MAX_USERS a JSON POST gets 409 DEMO_USERS_FULL; a delete makes room again', async t => {
  const app = await buildApp(loadConfig({ MAX_USERS: '3' }))
  t.teardown(() => app.close())
  for (let i = 0; i < 3; i++) {
    t.equal((await app.inject({ method: 'POST', url: '/api/users', payload: ada })).statusCode, 201)
  }
  const full = await app.inject({ method: 'POST', url: '/api/users', payload: ada })
  t.equal(full.statusCode, 409)
  t.same(full.json(), {
    statusCode: 409,
    code: 'DEMO_USERS_FULL',
    error: 'Conflict',
    message: 'The user store is full (MAX_USERS is 3): delete a user to add another'
  })
  t.equal(full.headers['cache-control'], 'no-store')
  t.equal(app.users.size, 3, 'nothing was stored')

  t.equal((await app.inject({ method: 'DELETE', url: '/api/users/2' })).statusCode, 204)
  const again = await app.inject({ method: 'POST', url: '/api/users', payload: ada })
  t.equal(again.statusCode, 201)
  t.equal(again.json().id, 4, 'ids keep counting up')
})

t.test('a plain form post from a browser is sent back to the page with the reason', async t => {
  const app = await buildApp(testConfig({ maxUsers: 1 }))
  t.teardown(() => app.close())
  const post = async () => await app.inject({
    method: 'POST',
    url: '/api/users',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    payload: 'name=Ada&email=ada%40example.com'
  })
  t.equal((await post()).statusCode, 303)
  const full = await post()
  t.equal(full.statusCode, 303)
  const location = new URL(String(full.headers.location), 'http://demo')
  t.equal(location.pathname, '/')
  t.equal(location.hash, '#add-user')
  t.equal(location.searchParams.get('error'), 'The user store is full (MAX_USERS is 1): delete a user to add another')
  t.equal(app.users.size, 1)
})

t.test('the default cap is 10 000 users', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  t.equal(app.users.capacity, 10_000)
})
