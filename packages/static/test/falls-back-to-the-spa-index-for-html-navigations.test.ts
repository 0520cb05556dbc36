import t from 'tap'
import Fastify from 'fastify'
import staticFiles from '../src/index.js'

for (const hotCache of [true, false]) {
  t.test(`SPA fallback (hotCache: ${hotCache})`, async t => {
    const root = t.testdir({ 'index.html': '<app>', 'app.3f9a1c2b.js': 'js', 'index.3f9a1c2b.html': 'fp' })
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(staticFiles, { root, hotCache, spa: { apiPrefixes: ['/api', '/graphql/'] } })
    app.get('/api/users', async () => ['ann'])
    const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }

    for (const url of ['/dashboard', '/users/42/edit?tab=1', '/apis']) {
      const res = await app.inject({ url, headers: html })
      t.equal(res.statusCode, 200, url)
      t.equal(res.body, '<app>')
      t.equal(res.headers['cache-control'], 'no-cache')
      t.equal(res.headers['content-type'], 'text/html; charset=utf-8')
    }
    const head = await app.inject({ method: 'HEAD', url: '/dashboard', headers: html })
    t.equal(head.statusCode, 200)
    t.equal(head.body, '')

    const conditional = await app.inject({ url: '/dashboard', headers: { ...html, 'if-none-match': (await app.inject({ url: '/x', headers: html })).headers.etag as string } })
    t.equal(conditional.statusCode, 304)
    t.equal(conditional.headers['cache-control'], 'no-cache')
    const changed = await app.inject({ url: '/dashboard', headers: { ...html, 'if-none-match': '"old"' } })
    t.equal(changed.statusCode, 200)
    t.equal(changed.headers['cache-control'], 'no-cache')

    for (const url of ['/api/missing', '/api', '/graphql', '/graphql/x', '/missing.js', '/missing.png']) {
      t.equal((await app.inject({ url, headers: html })).statusCode, 404, url)
    }
    t.equal((await app.inject({ url: '/dashboard', headers: { accept: 'application/json' } })).statusCode, 404)
    t.equal((await app.inject({ url: '/dashboard' })).statusCode, 404)
    t.equal((await app.inject({ method: 'POST', url: '/dashboard', headers: html })).statusCode, 404)
    t.same((await app.inject({ url: '/api/users', headers: html })).json(), ['ann'])
    t.equal((await app.inject('/app.3f9a1c2b.js')).body, 'js')
  })
}

t.test('spa: true uses index.html and never swallows /api', async t => {
  const root = t.testdir({ 'index.html': '<app>', 'shell.html': '<shell>' })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, spa: true })
  t.equal((await app.inject({ url: '/x', headers: { accept: 'text/html' } })).body, '<app>')
  t.equal((await app.inject({ url: '/api/x', headers: { accept: 'text/html' } })).statusCode, 404)

  const shell = Fastify()
  t.teardown(() => shell.close())
  await shell.register(staticFiles, { root, spa: { index: 'shell.html' } })
  t.equal((await shell.inject({ url: '/x', headers: { accept: 'text/html' } })).body, '<shell>')
})

t.test('a missing SPA index means 404', async t => {
  const root = t.testdir({ 'a.txt': 'a' })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, spa: true, index: false })
  t.equal((await app.inject({ url: '/x', headers: { accept: 'text/html' } })).statusCode, 404)
  t.equal((await app.inject({ url: '/', headers: { accept: 'text/html' } })).statusCode, 404)
})
