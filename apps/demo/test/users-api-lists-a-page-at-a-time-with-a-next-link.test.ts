import t from 'tap'
import fc from 'fast-check'
import { buildApp } from '../src/app.js'
import { UserStore } from '../src/users-store.js'
import { testConfig } from './helpers/config.js'

async function addUsers (app: Awaited<ReturnType<typeof buildApp>>, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) {
    const response = await app.inject({ method: 'POST', url: '/api/users', payload: { name: `User ${i}`, email: `user${i}@example.com` } })
    if (response.statusCode !== 201) throw new Error(`POST answered ${response.statusCode}`)
  }
}

/** The target of `Link: <...>; rel="next"` (RFC 8288), or undefined. */
function nextLink (link: unknown): string | undefined {
  if (typeof link !== 'string') return undefined
  return /<([^>]*)>\s*;\s*rel="next"/.exec(link)?.[1]
}

t.test('GET /api/users: the first 50 by default, in id order, and a Link to the next page', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  await addUsers(app, 120)

  const first = await app.inject('/api/users')
  t.equal(first.statusCode, 200)
  const users = first.json()
  t.ok(Array.isArray(users), 'still a plain array')
  t.same(users.map((user: { id: number }) => user.id), Array.from({ length: 50 }, (_, i) => i + 1))
  t.equal(first.headers.link, '</api/users?limit=50&cursor=50>; rel="next"')

  const second = await app.inject(nextLink(first.headers.link)!)
  t.same(second.json().map((user: { id: number }) => user.id), Array.from({ length: 50 }, (_, i) => i + 51))
  const third = await app.inject(nextLink(second.headers.link)!)
  t.same(third.json().map((user: { id: number }) => user.id), Array.from({ length: 20 }, (_, i) => i + 101))
  t.equal(third.headers.link, undefined, 'no Link on the last page')
})

t.test('limit chooses the page size; exactly a page left gives no next link', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  await addUsers(app, 4)
  const two = await app.inject('/api/users?limit=2')
  t.equal(two.json().length, 2)
  t.equal(two.headers.link, '</api/users?limit=2&cursor=2>; rel="next"')
  const rest = await app.inject('/api/users?limit=2&cursor=2')
  t.same(rest.json().map((user: { id: number }) => user.id), [3, 4])
  t.equal(rest.headers.link, undefined, 'the last two fill the page, nothing after them')
  const all = await app.inject('/api/users?limit=1000')
  t.equal(all.json().length, 4)
  t.equal(all.headers.link, undefined)
})

t.test('a cursor stays good when its user, or users before it, are deleted', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  await addUsers(app, 6)
  const page = await app.inject('/api/users?limit=3')
  const next = nextLink(page.headers.link)!
  await app.inject({ method: 'DELETE', url: '/api/users/3' })
  await app.inject({ method: 'DELETE', url: '/api/users/1' })
  const after = await app.inject(next)
  t.same(after.json().map((user: { id: number }) => user.id), [4, 5, 6])
  const beyond = await app.inject('/api/users?cursor=999')
  t.equal(beyond.statusCode, 200)
  t.same(beyond.json(), [])
})

t.test('a bad limit or cursor is a 400 naming it, never a 500', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const cases: Array<[string, RegExp]> = [
    ['/api/users?limit=0', /querystring\/limit must be >= 1/],
    ['/api/users?limit=1001', /querystring\/limit must be <= 1000/],
    ['/api/users?limit=ten', /querystring\/limit must be integer/],
    ['/api/users?limit=1.5', /querystring\/limit must be integer/],
    ['/api/users?cursor=abc', /querystring\/cursor must match pattern/],
    ['/api/users?cursor=0', /querystring\/cursor must match pattern/],
    ['/api/users?cursor=-1', /querystring\/cursor must match pattern/],
    ['/api/users?cursor=1234567890123456', /querystring\/cursor must match pattern/]
  ]
  for (const [url, message] of cases) {
    const response = await app.inject(url)
    t.equal(response.statusCode, 400, url)
    t.match(response.json(), { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message }, url)
  }
})

t.test('walking the pages gives every user once, in id order, whatever was added and deleted (store)', async t => {
  fc.assert(fc.property(
    fc.array(fc.oneof(fc.constant({ add: true as const }), fc.nat({ max: 60 }).map(id => ({ remove: id }))), { maxLength: 120 }),
    fc.integer({ min: 1, max: 20 }),
    (operations, limit) => {
      const store = new UserStore(1000)
      const expected: number[] = []
      for (const operation of operations) {
        if ('add' in operation) expected.push(store.add({ name: 'n', email: 'e@example.com' })!.id)
        else if (store.delete(operation.remove)) expected.splice(expected.indexOf(operation.remove), 1)
      }
      const walked: number[] = []
      let after = 0
      for (;;) {
        const { users, more } = store.page(after, limit)
        if (users.length > limit) return false
        walked.push(...users.map(user => user.id))
        if (!more) break
        if (users.length !== limit) return false
        after = users.at(-1)!.id
      }
      return JSON.stringify(walked) === JSON.stringify(expected)
    }
  ))
  t.pass('every walk matched')
})
