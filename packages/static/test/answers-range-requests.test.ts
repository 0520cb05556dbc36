import t from 'tap'
import Fastify from 'fastify'
import staticFiles from '../src/index.js'

for (const hotCache of [true, false]) {
  t.test(`206 and 416 (hotCache: ${hotCache})`, async t => {
    const root = t.testdir({ 'digits.txt': '0123456789', 'empty.txt': '' })
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(staticFiles, { root, hotCache })
    const get = (range: string, extra: Record<string, string> = {}) =>
      app.inject({ url: '/digits.txt', headers: { range, ...extra } })

    const part = await get('bytes=2-5')
    t.equal(part.statusCode, 206)
    t.equal(part.body, '2345')
    t.equal(part.headers['content-range'], 'bytes 2-5/10')
    t.equal(part.headers['content-length'], '4')
    t.equal(part.headers['content-type'], 'text/plain; charset=utf-8')
    t.equal((await get('bytes=7-')).body, '789')
    t.equal((await get('bytes=-3')).body, '789')
    t.equal((await get('bytes=8-100')).body, '89')

    for (const range of ['bytes=10-', 'bytes=50-60', 'bytes=-0']) {
      const res = await get(range)
      t.equal(res.statusCode, 416, range)
      t.equal(res.headers['content-range'], 'bytes */10')
    }
    t.equal((await app.inject({ url: '/empty.txt', headers: { range: 'bytes=0-' } })).statusCode, 416)

    for (const range of ['bytes=0-1,4-5', 'items=0-1']) {
      const res = await get(range)
      t.equal(res.statusCode, 200, range)
      t.equal(res.body, '0123456789')
    }
    // Both paths follow RFC 9110 for odd ranges: a suffix longer than the file is all of it, an invalid one is ignored.
    for (const range of ['bytes=-30', 'bytes=5-2', 'bytes=x-y', 'bytes=-']) {
      const res = await get(range)
      t.equal(res.body, '0123456789', range)
      t.equal(res.statusCode, range === 'bytes=-30' ? 206 : 200, range)
    }
    const head = await app.inject({ method: 'HEAD', url: '/digits.txt', headers: { range: 'bytes=0-1' } })
    t.equal(head.body, '')

    const full = await app.inject('/digits.txt')
    const etag = full.headers.etag as string
    const lastModified = full.headers['last-modified'] as string
    t.equal((await get('bytes=0-1', { 'if-range': etag })).statusCode, 206)
    t.equal((await get('bytes=0-1', { 'if-range': '"stale"' })).statusCode, 200)
    t.equal((await get('bytes=0-1', { 'if-range': lastModified })).statusCode, 206)
    t.equal((await get('bytes=0-1', { 'if-range': new Date(Date.parse(lastModified) - 60_000).toUTCString() })).statusCode, 200)
    t.equal((await get('bytes=0-1', { 'if-range': 'not a date' })).statusCode, 200)
  })
}
