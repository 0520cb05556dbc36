import t from 'tap'
import Fastify from 'fastify'
import staticFiles from '../src/index.js'

for (const hotCache of [true, false]) {
  t.test(`directories (hotCache: ${hotCache})`, async t => {
    const root = t.testdir({
      'index.html': '<h1>home</h1>',
      docs: { 'index.html': '<h1>docs</h1>', 'a.txt': 'a' },
      empty: { 'b.txt': 'b' }
    })
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(staticFiles, { root, hotCache })

    const home = await app.inject('/')
    t.equal(home.statusCode, 200)
    t.equal(home.body, '<h1>home</h1>')
    t.equal(home.headers['cache-control'], 'no-cache')
    t.equal((await app.inject('/docs/')).body, '<h1>docs</h1>')
    t.equal((await app.inject('/docs/?x=1')).body, '<h1>docs</h1>')

    const noIndex = await app.inject('/empty/')
    t.equal(noIndex.statusCode, 404)
    t.notMatch(noIndex.body, /b\.txt/)
    // A directory without its trailing slash is not a file.
    t.equal((await app.inject('/docs')).statusCode, 404)
  })
}

t.test('index: false never serves a directory', async t => {
  const root = t.testdir({ 'index.html': 'home', 'default.htm': 'other', sub: { 'default.htm': 'sub' } })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, index: false })
  t.equal((await app.inject('/')).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: '/' })).statusCode, 404)

  const custom = Fastify()
  t.teardown(() => custom.close())
  await custom.register(staticFiles, { root, index: 'default.htm' })
  t.equal((await custom.inject('/')).body, 'other')
  t.equal((await custom.inject('/sub/')).body, 'sub')
})
