import t from 'tap'
import { buildApp } from '../src/app.js'
import { testConfig } from './helpers/config.js'

const invalid: Array<[string, unknown, RegExp]> = [
  ['a bad email', { name: 'Ada', email: 'not-an-email' }, /email/],
  ['an empty name', { name: '', email: 'ada@example.com' }, /name/],
  ['a 101-character name', { name: 'x'.repeat(101), email: 'ada@example.com' }, /name/],
  ['a missing email', { name: 'Ada' }, /email/],
  ['a missing name', { email: 'ada@example.com' }, /name/],
  ['a name that is not a string', { name: ['a', 'b'], email: 'ada@example.com' }, /name/]
]

for (const [what, payload, field] of invalid) {
  t.test(`${what} gives 400 naming the field`, async t => {
    const app = await buildApp(testConfig())
    t.teardown(() => app.close())
    const response = await app.inject({ method: 'POST', url: '/api/users', payload: payload as object })
    t.equal(response.statusCode, 400)
    const body = response.json()
    t.match(body, { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request' })
    t.match(body.message, field)
    t.same((await app.inject('/api/users')).json(), [], 'nothing was stored')
  })
}

t.test('a 100-character name is accepted', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'POST', url: '/api/users', payload: { name: 'x'.repeat(100), email: 'ada@example.com' } })
  t.equal(response.statusCode, 201)
})

t.test('an id that is not a positive integer gives 400 naming the parameter', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  for (const url of ['/api/users/abc', '/api/users/0']) {
    const response = await app.inject(url)
    t.equal(response.statusCode, 400, url)
    t.match(response.json().message, /id/, url)
  }
})
