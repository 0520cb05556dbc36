import t from 'tap'
import Fastify from 'fastify'
import staticFiles from '../src/index.js'

const files = {
  'app.js': 'identity-bytes',
  'app.js.br': 'br-bytes',
  'app.js.gz': 'gzip-bytes!',
  'app.js.zst': 'zstd',
  'only-gz.css': 'css',
  'only-gz.css.gz': 'gzcss',
  'plain.txt': 'plain'
}

for (const hotCache of [true, false]) {
  t.test(`negotiates .br/.zst/.gz siblings (hotCache: ${hotCache})`, async t => {
    const root = t.testdir(files)
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(staticFiles, { root, hotCache })
    const get = (acceptEncoding?: string, url = '/app.js') =>
      app.inject({ url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } })

    const cases: Array<[string | undefined, string, string | undefined]> = [
      [undefined, 'identity-bytes', undefined],
      ['gzip, deflate, br, zstd', 'br-bytes', 'br'],
      ['gzip', 'gzip-bytes!', 'gzip'],
      ['x-gzip', 'gzip-bytes!', 'gzip'],
      ['zstd, gzip', 'zstd', 'zstd'],
      ['br;q=0.5, gzip;q=0.9', 'gzip-bytes!', 'gzip'],
      ['br;q=0, gzip;q=0', 'identity-bytes', undefined],
      ['*', 'br-bytes', 'br'],
      ['*;q=0.5, br;q=0', 'zstd', 'zstd'],
      ['identity', 'identity-bytes', undefined],
      ['gzip;q=0.5, identity', 'identity-bytes', undefined],
      ['deflate', 'identity-bytes', undefined],
      ['BR ; Q=1', 'br-bytes', 'br'],
      ['br;q=abc, gzip', 'gzip-bytes!', 'gzip'],
      [', ;q=1, gzip', 'gzip-bytes!', 'gzip'],
      ['', 'identity-bytes', undefined]
    ]
    const etags = new Set<string>()
    for (const [acceptEncoding, body, encoding] of cases) {
      const res = await get(acceptEncoding)
      t.equal(res.statusCode, 200, String(acceptEncoding))
      t.equal(res.rawPayload.toString(), body, String(acceptEncoding))
      t.equal(res.headers['content-encoding'], encoding, String(acceptEncoding))
      t.equal(res.headers['content-type'], 'application/javascript; charset=utf-8')
      t.equal(res.headers.vary, 'accept-encoding')
      t.equal(res.headers['content-length'], String(body.length))
      etags.add(res.headers.etag as string)
    }
    t.equal(etags.size, 4, 'every representation has its own ETag')

    const gz = await get('br, gzip', '/only-gz.css')
    t.equal(gz.headers['content-encoding'], 'gzip')
    t.equal(gz.headers['content-type'], 'text/css; charset=utf-8')
    t.equal((await get('br', '/plain.txt')).headers['content-encoding'], undefined)

    const brEtag = (await get('br')).headers.etag as string
    const notModified = await app.inject({ url: '/app.js', headers: { 'accept-encoding': 'br', 'if-none-match': brEtag } })
    t.equal(notModified.statusCode, 304)
    const identityAfterBrEtag = await app.inject({ url: '/app.js', headers: { 'if-none-match': brEtag } })
    t.equal(identityAfterBrEtag.statusCode, 200, 'a br ETag does not validate the identity representation')
  })
}

t.test('precompressed: false serves only the file itself', async t => {
  const root = t.testdir(files)
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, precompressed: false })
  const res = await app.inject({ url: '/app.js', headers: { 'accept-encoding': 'br' } })
  t.equal(res.body, 'identity-bytes')
  t.equal(res.headers['content-encoding'], undefined)
  t.equal(res.headers.vary, undefined)
})
