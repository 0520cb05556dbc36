import t from 'tap'
import Fastify from 'fastify'
import path from 'node:path'
import staticFiles, { GW_STATIC_INVALID_OPTION, type StaticOptions } from '../src/index.js'

const prefixRule = 'prefix must be a URL path starting with "/" without wildcards, parameters or dot segments'
const relativeRule = 'must be a relative path inside root without "." or ".." segments'
const patternRule = 'immutablePattern must be a RegExp without the g or y flag, or false'

t.test('invalid options fail at register time with one GW_STATIC_INVALID_OPTION naming the problem', async t => {
  const root = t.testdir({ 'file.txt': 'x', dir: {} })
  const invalid: Array<[unknown, string]> = [
    [undefined, '(options) must have required properties root'],
    ['root', '(options) must be object'],
    [{}, '(options) must have required properties root'],
    [{ root: '' }, 'root must be an absolute path'],
    [{ root: 'relative/path' }, 'root must be an absolute path'],
    [{ root: 3 }, 'root must be string'],
    [{ root: path.join(root, 'missing') }, `root must be an existing directory (${path.join(root, 'missing')} does not exist)`],
    [{ root: path.join(root, 'file.txt') }, `root must be an existing directory (${path.join(root, 'file.txt')} is not a directory)`],
    [{ root, unknown: true }, 'unknown is not a known option (check its spelling)'],
    [{ root, prefix: 'assets' }, prefixRule],
    [{ root, prefix: '/a/*' }, prefixRule],
    [{ root, prefix: '/:id/' }, prefixRule],
    [{ root, prefix: '/a/../b' }, prefixRule],
    [{ root, prefix: '//a' }, prefixRule],
    [{ root, prefix: 3 }, prefixRule],
    [{ root, index: '' }, 'index must be a non-empty file name'],
    [{ root, index: '../x.html' }, `index ${relativeRule}`],
    [{ root, index: 'a\\b' }, `index ${relativeRule}`],
    [{ root, index: true }, 'index must be a non-empty file name'],
    [{ root, maxAge: -1 }, 'maxAge must be >= 0'],
    [{ root, maxAge: 1.5 }, 'maxAge must be integer'],
    [{ root, maxAge: '60' }, 'maxAge must be integer'],
    [{ root, immutablePattern: 'abc' }, patternRule],
    [{ root, immutablePattern: /a/g }, patternRule],
    [{ root, immutablePattern: /a/y }, patternRule],
    [{ root, spa: 'yes' }, 'spa must be a boolean or an object'],
    [{ root, spa: [] }, 'spa must be a boolean or an object'],
    [{ root, spa: { index: '/index.html' } }, `spa.index ${relativeRule}`],
    [{ root, spa: { apiPrefixes: 'api' } }, 'spa.apiPrefixes must be array'],
    [{ root, spa: { apiPrefixes: ['api'] } }, 'spa.apiPrefixes.0 must be a URL path starting with /'],
    [{ root, spa: { other: 1 } }, 'spa.other is not a known option (check its spelling)'],
    [{ root, hotCache: 1 }, 'hotCache must be a boolean or an object'],
    [{ root, hotCache: { maxFileSize: 0 } }, 'hotCache.maxFileSize must be >= 1'],
    [{ root, hotCache: { maxBytes: -5 } }, 'hotCache.maxBytes must be >= 1'],
    [{ root, hotCache: { revalidateMs: -1 } }, 'hotCache.revalidateMs must be >= 0'],
    [{ root, hotCache: { revalidateMs: Infinity } }, 'hotCache.revalidateMs must be integer'],
    [{ root, hotCache: { ttl: 5 } }, 'hotCache.ttl is not a known option (check its spelling)'],
    [{ root, precompressed: 'yes' }, 'precompressed must be boolean']
  ]
  for (const [options, problem] of invalid) {
    const app = Fastify()
    app.register(staticFiles, options as StaticOptions)
    const name = JSON.stringify(options, (_key, value: unknown) => value instanceof RegExp ? String(value) : value) ?? 'undefined'
    await t.rejects(async () => { await app.ready() }, GW_STATIC_INVALID_OPTION, name)
    const again = Fastify()
    again.register(staticFiles, options as StaticOptions)
    await t.rejects(async () => { await again.ready() }, {
      code: 'GW_STATIC_INVALID_OPTION',
      statusCode: 500,
      message: `Invalid @groundwork/static options: ${problem}`
    }, name)
    t.equal(app.hasRoute({ method: 'GET', url: '/*' }), false)
    await app.close()
    await again.close()
  }
})

t.test('every problem is listed in one error, each with its path', async t => {
  const root = t.testdir({})
  const app = Fastify()
  t.teardown(() => app.close())
  app.register(staticFiles, { root, maxage: 60, prefix: 'x', spa: { index: '' }, hotCache: { maxBytes: 0 } } as unknown as StaticOptions)
  await t.rejects(async () => { await app.ready() }, {
    code: 'GW_STATIC_INVALID_OPTION',
    message: 'Invalid @groundwork/static options: maxage is not a known option (check its spelling); ' +
      'spa.index must be a non-empty file name; hotCache.maxBytes must be >= 1; ' + prefixRule
  })
  t.equal(app.hasRoute({ method: 'GET', url: '/*' }), false)
})

t.test('valid option shapes are accepted', async t => {
  const root = t.testdir({ 'a.txt': 'a' })
  const valid: StaticOptions[] = [
    { root },
    { root, prefix: '/x' },
    { root, prefix: '/x/', index: false, immutablePattern: false, spa: true, hotCache: false },
    { root, spa: false, hotCache: true, precompressed: false, immutablePattern: /\.v\d\./, maxAge: 0 },
    { root, spa: { index: 'a.txt', apiPrefixes: [] }, hotCache: { maxFileSize: 1, maxBytes: 1, revalidateMs: 0 } },
    { root, spa: {}, hotCache: {}, index: 'a.txt', maxAge: 3600 }
  ]
  for (const options of valid) {
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(staticFiles, options)
    await app.ready()
    t.ok(app.hasRoute({ method: 'GET', url: `${options.prefix?.replace(/\/$/, '') ?? ''}/*` }), JSON.stringify(options))
  }
})

t.test("Fastify's own register options are accepted", async t => {
  const root = t.testdir({ 'a.txt': 'a' })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, logLevel: 'warn', logSerializers: {} } as StaticOptions)
  t.equal((await app.inject('/a.txt')).body, 'a')
})
