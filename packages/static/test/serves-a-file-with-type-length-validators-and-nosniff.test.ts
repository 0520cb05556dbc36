import t from 'tap'
import Fastify from 'fastify'
import staticFiles from '../src/index.js'

for (const hotCache of [true, false]) {
  t.test(`serves GET and HEAD with full headers (hotCache: ${hotCache})`, async t => {
    const root = t.testdir({ 'hello.txt': 'hello world', css: { 'site.css': 'body{}' }, 'data.unknownext': 'x' })
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(staticFiles, { root, hotCache })

    for (let i = 0; i < 2; i++) {
      const res = await app.inject('/hello.txt?v=1')
      t.equal(res.statusCode, 200)
      t.equal(res.body, 'hello world')
      t.equal(res.headers['content-type'], 'text/plain; charset=utf-8')
      t.equal(res.headers['content-length'], '11')
      t.equal(res.headers['x-content-type-options'], 'nosniff')
      t.equal(res.headers['accept-ranges'], 'bytes')
      t.equal(res.headers['cache-control'], 'public, max-age=0')
      t.match(res.headers.etag, /^W\/"b-[0-9a-f]+"$/)
      t.ok(Date.parse(res.headers['last-modified'] as string) > 0)
    }

    const head = await app.inject({ method: 'HEAD', url: '/hello.txt' })
    t.equal(head.statusCode, 200)
    t.equal(head.body, '')
    t.equal(head.headers['content-length'], '11')

    const nested = await app.inject('/css/site.css')
    t.equal(nested.body, 'body{}')
    t.equal(nested.headers['content-type'], 'text/css; charset=utf-8')

    const unknown = await app.inject('/data.unknownext')
    t.equal(unknown.headers['content-type'], 'application/octet-stream')
    t.equal(unknown.headers['x-content-type-options'], 'nosniff')

    t.equal((await app.inject('/missing.txt')).statusCode, 404)
    t.equal((await app.inject('/hello.txt/more')).statusCode, 404)
  })
}
