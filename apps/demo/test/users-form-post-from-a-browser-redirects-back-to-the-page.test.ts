import t from 'tap'
import { buildApp } from '../src/app.js'
import { testConfig } from './helpers/config.js'

const browser = {
  'content-type': 'application/x-www-form-urlencoded',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
}

t.test('a valid form post from a browser is stored and answered with 303 to the page', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'POST', url: '/api/users', headers: browser, payload: 'name=Ada&email=ada%40example.com' })
  t.equal(response.statusCode, 303)
  t.equal(response.headers.location, '/?added=1#users')
  t.match((await app.inject('/api/users')).json(), [{ id: 1, name: 'Ada', email: 'ada@example.com' }])
})

t.test('an invalid form post from a browser is redirected back with the error and the field', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'POST', url: '/api/users', headers: browser, payload: 'name=Ada&email=nope' })
  t.equal(response.statusCode, 303)
  const location = new URL(String(response.headers.location), 'http://localhost')
  t.equal(location.pathname, '/')
  t.equal(location.hash, '#add-user')
  t.equal(location.searchParams.get('field'), 'email')
  t.match(location.searchParams.get('error'), /email/)
  t.same((await app.inject('/api/users')).json(), [])
})

t.test('a form post missing a field names it in the redirect', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'POST', url: '/api/users', headers: browser, payload: 'email=ada%40example.com' })
  t.equal(response.statusCode, 303)
  const location = new URL(String(response.headers.location), 'http://localhost')
  t.match(location.searchParams.get('error'), /name/)
})
