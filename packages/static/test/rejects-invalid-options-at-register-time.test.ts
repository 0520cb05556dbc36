import t from 'tap'
import Fastify from 'fastify'
import path from 'node:path'
import staticFiles, { GW_STATIC_INVALID_OPTION, type StaticOptions } from '../src/index.js'

t.test('invalid options fail at register time with GW_STATIC_INVALID_OPTION', async t => {
  const root = t.testdir({ 'file.txt': 'x', dir: {} })
  const invalid: unknown[] = [
    undefined,
    'root',
    {},
    { root: '' },
    { root: 'relative/path' },
    { root: path.join(root, 'missing') },
    { root: path.join(root, 'file.txt') },
    { root, unknown: true },
    { root, prefix: 'assets' },
    { root, prefix: '/a/*' },
    { root, prefix: '/:id/' },
    { root, prefix: '/a/../b' },
    { root, prefix: '//a' },
    { root, prefix: 3 },
    { root, index: '' },
    { root, index: '../x.html' },
    { root, index: 'a\\b' },
    { root, index: true },
    { root, maxAge: -1 },
    { root, maxAge: 1.5 },
    { root, maxAge: '60' },
    { root, immutablePattern: 'abc' },
    { root, immutablePattern: /a/g },
    { root, immutablePattern: /a/y },
    { root, spa: 'yes' },
    { root, spa: [] },
    { root, spa: { index: '/index.html' } },
    { root, spa: { apiPrefixes: 'api' } },
    { root, spa: { apiPrefixes: ['api'] } },
    { root, spa: { other: 1 } },
    { root, hotCache: 1 },
    { root, hotCache: { maxFileSize: 0 } },
    { root, hotCache: { maxBytes: -5 } },
    { root, hotCache: { revalidateMs: -1 } },
    { root, hotCache: { revalidateMs: Infinity } },
    { root, hotCache: { ttl: 5 } },
    { root, precompressed: 'yes' }
  ]
  for (const options of invalid) {
    const app = Fastify()
    app.register(staticFiles, options as StaticOptions)
    await t.rejects(async () => { await app.ready() }, GW_STATIC_INVALID_OPTION, JSON.stringify(options) ?? 'undefined')
    t.equal(app.hasRoute({ method: 'GET', url: '/*' }), false)
    await app.close()
  }
})

t.test('valid option shapes are accepted', async t => {
  const root = t.testdir({ 'a.txt': 'a' })
  const valid: StaticOptions[] = [
    { root },
    { root, prefix: '/x' },
    { root, spa: false, hotCache: true, precompressed: false, immutablePattern: /\.v\d\./, maxAge: 0 },
    { root, spa: { index: 'a.txt', apiPrefixes: [] }, hotCache: { maxFileSize: 1, maxBytes: 1, revalidateMs: 0 } }
  ]
  for (const options of valid) {
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(staticFiles, options)
    await app.ready()
    t.pass(JSON.stringify(options))
  }
})
