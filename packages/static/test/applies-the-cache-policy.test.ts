import t from 'tap'
import Fastify from 'fastify'
import staticFiles from '../src/index.js'
import { cacheControlFor, DEFAULT_IMMUTABLE_PATTERN } from '../src/cache-policy.js'

const files = {
  'app.3f9a1c2b.js': 'a',
  'index-BdF3kL9a.js': 'b',
  'chunk.0a1b2c3d.min.css': 'c',
  'app.component.js': 'd',
  'page.html': '<p>',
  'logo.png': 'e'
}

for (const hotCache of [true, false]) {
  t.test(`Cache-Control by file name and type (hotCache: ${hotCache})`, async t => {
    const root = t.testdir(files)
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(staticFiles, { root, hotCache, maxAge: 600 })
    const immutable = 'public, max-age=31536000, immutable'
    const expected: Record<string, string> = {
      '/app.3f9a1c2b.js': immutable,
      '/index-BdF3kL9a.js': immutable,
      '/chunk.0a1b2c3d.min.css': immutable,
      '/app.component.js': 'public, max-age=600',
      '/page.html': 'no-cache',
      '/logo.png': 'public, max-age=600'
    }
    for (const [url, cacheControl] of Object.entries(expected)) {
      t.equal((await app.inject(url)).headers['cache-control'], cacheControl, url)
    }
  })
}

t.test('immutablePattern can be replaced or disabled', async t => {
  const root = t.testdir({ 'app.3f9a1c2b.js': 'a', 'v1-app.js': 'b' })
  const custom = Fastify()
  t.teardown(() => custom.close())
  await custom.register(staticFiles, { root, immutablePattern: /^v\d+-/ })
  t.equal((await custom.inject('/v1-app.js')).headers['cache-control'], 'public, max-age=31536000, immutable')
  t.equal((await custom.inject('/app.3f9a1c2b.js')).headers['cache-control'], 'public, max-age=0')

  const off = Fastify()
  t.teardown(() => off.close())
  await off.register(staticFiles, { root, immutablePattern: false })
  t.equal((await off.inject('/app.3f9a1c2b.js')).headers['cache-control'], 'public, max-age=0')
})

t.test('the default fingerprint pattern', async t => {
  const yes = ['app.3f9a1c2b.js', 'a-0123abcd.css', 'x.Ab_9-zYx12.mjs', 'vendor.deadbee1.chunk.js']
  const no = ['app.js', 'app.component.js', 'jquery-3.7.1.min.js', 'app.3f9a1c2.js', 'abcdefgh.js', 'report-20240101']
  for (const name of yes) t.ok(DEFAULT_IMMUTABLE_PATTERN.test(name), name)
  for (const name of no) t.notOk(DEFAULT_IMMUTABLE_PATTERN.test(name), name)
  t.equal(cacheControlFor('a.3f9a1c2b.html', 'text/html', { immutablePattern: DEFAULT_IMMUTABLE_PATTERN, maxAge: 5 }), 'public, max-age=31536000, immutable')
})
