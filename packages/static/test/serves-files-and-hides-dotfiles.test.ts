import t from 'tap'
import Fastify from 'fastify'
import staticFiles, { GW_STATIC_INVALID_OPTION } from '../src/index.js'

t.test('serves files from the root and hides dotfiles', async t => {
  const root = t.testdir({ 'hello.txt': 'hello', '.env': 'SECRET=1' })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root })
  const file = await app.inject('/hello.txt')
  t.equal(file.statusCode, 200)
  t.equal(file.body, 'hello')
  const dotfile = await app.inject('/.env')
  t.not(dotfile.statusCode, 200)
  t.notMatch(dotfile.body, /SECRET/)
})

t.test('rejects a missing root at register time', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  app.register(staticFiles, { root: '' })
  await t.rejects(async () => { await app.ready() }, GW_STATIC_INVALID_OPTION)
})
