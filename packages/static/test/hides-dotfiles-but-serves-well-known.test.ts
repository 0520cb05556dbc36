import t from 'tap'
import Fastify from 'fastify'
import staticFiles from '../src/index.js'

for (const hotCache of [true, false]) {
  t.test(`dotfiles are 404 except /.well-known/ (hotCache: ${hotCache})`, async t => {
    const root = t.testdir({
      '.env': 'SECRET=1',
      '.git': { config: 'SECRET=2' },
      '.well-known': { 'security.txt': 'Contact: me', '.hidden': 'SECRET=3' },
      public: { '.htpasswd': 'SECRET=4', 'ok.txt': 'ok' }
    })
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(staticFiles, { root, hotCache, spa: true })

    for (const url of ['/.env', '/.git/config', '/.well-known/.hidden', '/public/.htpasswd', '/.%65nv', '/public/%2ehtpasswd']) {
      for (const method of ['GET', 'HEAD', 'POST'] as const) {
        const res = await app.inject({ method, url, headers: { accept: 'text/html' } })
        t.equal(res.statusCode, 404, `${method} ${url}`)
        t.notMatch(res.body, /SECRET/)
      }
    }
    const wellKnown = await app.inject('/.well-known/security.txt')
    t.equal(wellKnown.statusCode, 200)
    t.equal(wellKnown.body, 'Contact: me')
    t.equal((await app.inject('/public/ok.txt')).body, 'ok')
  })
}
