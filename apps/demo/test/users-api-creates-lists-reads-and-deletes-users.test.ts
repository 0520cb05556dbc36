import t from 'tap'
import { buildApp } from '../src/app.js'
import { testConfig } from './helpers/config.js'

t.test('a JSON user is created with 201 and Location, then listed, read and deleted', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())

  const empty = await app.inject('/api/users')
  t.equal(empty.statusCode, 200)
  t.same(empty.json(), [])

  const created = await app.inject({ method: 'POST', url: '/api/users', payload: { name: 'Ada Lovelace', email: 'ada@example.com' } })
  t.equal(created.statusCode, 201)
  const user = created.json()
  t.match(user, { id: 1, name: 'Ada Lovelace', email: 'ada@example.com', createdAt: String })
  t.equal(created.headers.location, '/api/users/1')

  const listed = await app.inject('/api/users')
  t.same(listed.json(), [user])

  const read = await app.inject('/api/users/1')
  t.equal(read.statusCode, 200)
  t.same(read.json(), user)

  const deleted = await app.inject({ method: 'DELETE', url: '/api/users/1' })
  t.equal(deleted.statusCode, 204)
  t.equal(deleted.body, '')

  const gone = await app.inject('/api/users/1')
  t.equal(gone.statusCode, 404)
  t.same(gone.json(), { statusCode: 404, code: 'DEMO_USER_NOT_FOUND', error: 'Not Found', message: 'User 1 not found' })

  const deletedAgain = await app.inject({ method: 'DELETE', url: '/api/users/1' })
  t.equal(deletedAgain.statusCode, 404)
  t.equal(deletedAgain.json().code, 'DEMO_USER_NOT_FOUND')
})

t.test('a url-encoded user from an API client gets JSON, like a JSON one', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const created = await app.inject({
    method: 'POST',
    url: '/api/users',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    payload: 'name=Grace+Hopper&email=grace%40example.com'
  })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { id: 1, name: 'Grace Hopper', email: 'grace@example.com' })
  t.equal(created.headers.location, '/api/users/1')
})

t.test('ids keep counting up after a delete', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const first = await app.inject({ method: 'POST', url: '/api/users', payload: { name: 'A', email: 'a@example.com' } })
  await app.inject({ method: 'DELETE', url: `/api/users/${first.json().id}` })
  const second = await app.inject({ method: 'POST', url: '/api/users', payload: { name: 'B', email: 'b@example.com' } })
  t.equal(second.json().id, 2)
})
