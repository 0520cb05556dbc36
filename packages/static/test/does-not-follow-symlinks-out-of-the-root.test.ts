import t from 'tap'
import Fastify from 'fastify'
import { symlinkSync } from 'node:fs'
import path from 'node:path'
import staticFiles from '../src/index.js'

for (const hotCache of [true, false]) {
  t.test(`symlinks (hotCache: ${hotCache})`, async t => {
    const dir = t.testdir({
      secret: { 'passwd.txt': 'SECRET' },
      site: { 'real.txt': 'inside', sub: { 'deep.txt': 'deep' } }
    })
    const root = path.join(dir, 'site')
    symlinkSync(path.join(dir, 'secret', 'passwd.txt'), path.join(root, 'leak.txt'))
    symlinkSync(path.join(dir, 'secret'), path.join(root, 'leakdir'))
    symlinkSync(path.join(root, 'real.txt'), path.join(root, 'alias.txt'))
    symlinkSync(path.join(root, 'sub'), path.join(root, 'subalias'))
    symlinkSync(path.join(dir, 'secret', 'passwd.txt'), path.join(root, 'real.txt.br'))
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(staticFiles, { root, hotCache })

    for (const url of ['/leak.txt', '/leakdir/passwd.txt']) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await app.inject({ method, url })
        t.equal(res.statusCode, 404, `${method} ${url}`)
        t.notMatch(res.body, /SECRET/)
      }
    }
    t.equal((await app.inject('/alias.txt')).body, 'inside')
    t.equal((await app.inject('/subalias/deep.txt')).body, 'deep')
    // A precompressed sibling that escapes the root is ignored: the identity file is served.
    const br = await app.inject({ url: '/real.txt', headers: { 'accept-encoding': 'br' } })
    t.equal(br.body, 'inside')
    t.equal(br.headers['content-encoding'], undefined)
  })
}

t.test('a root that is itself a symlink works', async t => {
  const dir = t.testdir({ site: { 'a.txt': 'a' } })
  const link = path.join(dir, 'link')
  symlinkSync(path.join(dir, 'site'), link)
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root: link })
  t.equal((await app.inject('/a.txt')).body, 'a')
})
