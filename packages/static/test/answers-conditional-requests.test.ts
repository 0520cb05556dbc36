import t from 'tap'
import Fastify from 'fastify'
import staticFiles from '../src/index.js'

for (const hotCache of [true, false]) {
  t.test(`304, 412 and reloads (hotCache: ${hotCache})`, async t => {
    const root = t.testdir({ 'a.txt': 'hello', 'page.html': '<p>' })
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(staticFiles, { root, hotCache })
    const first = await app.inject('/a.txt')
    const etag = first.headers.etag as string
    const lastModified = first.headers['last-modified'] as string
    const later = new Date(Date.parse(lastModified) + 60_000).toUTCString()
    const earlier = new Date(Date.parse(lastModified) - 60_000).toUTCString()

    const inm = await app.inject({ url: '/a.txt', headers: { 'if-none-match': etag } })
    t.equal(inm.statusCode, 304)
    t.equal(inm.body, '')
    t.equal(inm.headers.etag, etag)
    t.equal(inm.headers['cache-control'], 'public, max-age=0')
    t.equal(inm.headers.vary, 'accept-encoding')

    t.equal((await app.inject({ url: '/a.txt', headers: { 'if-none-match': `"other", ${etag.slice(2)}` } })).statusCode, 304)
    t.equal((await app.inject({ url: '/a.txt', headers: { 'if-none-match': '*' } })).statusCode, 304)
    t.equal((await app.inject({ method: 'HEAD', url: '/a.txt', headers: { 'if-none-match': etag } })).statusCode, 304)
    const mismatch = await app.inject({ url: '/a.txt', headers: { 'if-none-match': '"nope"', 'if-modified-since': later } })
    t.equal(mismatch.statusCode, 200, 'If-Modified-Since is ignored when If-None-Match is present')
    t.equal((await app.inject({ url: '/a.txt', headers: { 'if-modified-since': later } })).statusCode, 304)
    t.equal((await app.inject({ url: '/a.txt', headers: { 'if-modified-since': lastModified } })).statusCode, 304)
    t.equal((await app.inject({ url: '/a.txt', headers: { 'if-modified-since': earlier } })).statusCode, 200)
    t.equal((await app.inject({ url: '/a.txt', headers: { 'if-modified-since': 'garbage' } })).statusCode, 200)
    const reload = await app.inject({ url: '/a.txt', headers: { 'if-none-match': etag, 'cache-control': 'no-cache' } })
    t.equal(reload.statusCode, 200)
    t.equal(reload.body, 'hello')

    const failed = await app.inject({ url: '/a.txt', headers: { 'if-match': '"nope"' } })
    t.equal(failed.statusCode, 412)
    t.notMatch(failed.body, /hello/)
    t.equal((await app.inject({ url: '/a.txt', headers: { 'if-match': etag } })).statusCode, 200)
    t.equal((await app.inject({ url: '/a.txt', headers: { 'if-match': '*' } })).statusCode, 200)
    t.equal((await app.inject({ url: '/a.txt', headers: { 'if-unmodified-since': earlier } })).statusCode, 412)
    t.equal((await app.inject({ url: '/a.txt', headers: { 'if-unmodified-since': later } })).statusCode, 200)
    t.equal((await app.inject({ url: '/a.txt', headers: { 'if-unmodified-since': 'garbage' } })).statusCode, 200)

    const html = await app.inject('/page.html')
    const html304 = await app.inject({ url: '/page.html', headers: { 'if-none-match': html.headers.etag as string } })
    t.equal(html304.statusCode, 304)
    t.equal(html304.headers['cache-control'], 'no-cache')
  })
}

t.test('without precompressed there is no Vary on a 304', async t => {
  const root = t.testdir({ 'a.txt': 'hello' })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, precompressed: false })
  const first = await app.inject('/a.txt')
  t.equal(first.headers.vary, undefined)
  const res = await app.inject({ url: '/a.txt', headers: { 'if-none-match': first.headers.etag as string } })
  t.equal(res.statusCode, 304)
  t.equal(res.headers.vary, undefined)
})
