import t from 'tap'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../src/app.js'

const publicDir = fileURLToPath(new URL('../public', import.meta.url))

t.test('GET /api/users lists users and GET / serves the page', async t => {
  const app = await buildApp({ publicDir })
  t.teardown(() => app.close())
  const users = await app.inject('/api/users')
  t.equal(users.statusCode, 200)
  t.same(users.json(), [])
  const page = await app.inject('/')
  t.equal(page.statusCode, 200)
  t.match(page.body, /Groundwork demo/)
})
