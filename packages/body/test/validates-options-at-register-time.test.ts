import t from 'tap'
import Fastify from 'fastify'
import body, { GW_BODY_INVALID_OPTION, type BodyOptions } from '../src/index.js'

t.test('bad plugin options throw GW_BODY_INVALID_OPTION before the instance is touched', async t => {
  const bad: Array<[unknown, string]> = [
    ['nope', 'options'],
    [{ bodyLimit: 0 }, 'bodyLimit'],
    [{ bodyLimit: 1.5 }, 'bodyLimit'],
    [{ inflatedLimit: -1 }, 'inflatedLimit'],
    [{ maxExpansionRatio: 0 }, 'maxExpansionRatio'],
    [{ maxExpansionRatio: Number.NaN }, 'maxExpansionRatio'],
    [{ decompress: 'yes' }, 'decompress'],
    [{ binary: 1 }, 'binary'],
    [{ catchAll: null }, 'catchAll'],
    [{ json: true }, 'json'],
    [{ json: { onProtoPoisoning: 'ignore' } }, 'json.onProtoPoisoning'],
    [{ json: { maxDepth: 0 } }, 'json.maxDepth'],
    [{ json: { emptyBody: 'null' } }, 'json.emptyBody'],
    [{ form: [] }, 'form'],
    [{ form: { nested: 'true' } }, 'form.nested'],
    [{ form: { parameterLimit: 0 } }, 'form.parameterLimit'],
    [{ form: { maxDepth: 'x' } }, 'form.maxDepth'],
    [{ form: { onProtoPoisoning: 'keep' } }, 'form.onProtoPoisoning'],
    [{ text: { strict: 0 } }, 'text.strict'],
    [{ text: { defaultCharset: 'klingon' } }, 'text.defaultCharset'],
    [{ text: { defaultCharset: 7 } }, 'text.defaultCharset'],
    [{ linger: true }, 'linger'],
    [{ linger: { timeoutMs: 0 } }, 'linger.timeoutMs'],
    [{ linger: { timeoutMs: 2 ** 31 } }, 'linger.timeoutMs'],
    [{ linger: { maxBytes: 1.5 } }, 'linger.maxBytes']
  ]
  for (const [options, name] of bad) {
    const app = Fastify()
    t.teardown(() => app.close())
    app.register(body, options as BodyOptions)
    await t.rejects(async () => { await app.ready() }, GW_BODY_INVALID_OPTION, name)
    await t.rejects(async () => { await Fastify().register(body, options as BodyOptions).ready() }, { message: new RegExp(`option ${name.replace('.', '\\.')}:`) })
  }
  const error = new GW_BODY_INVALID_OPTION('bodyLimit', 'must be a positive integer')
  t.equal(error.statusCode, 500)
})

t.test('null options mean the defaults', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, null as unknown as BodyOptions)
  app.post('/', async (request) => request.body)
  t.equal((await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: '1' })).body, '1')
})

t.test('bad route config throws GW_BODY_INVALID_ROUTE_CONFIG at route registration', async t => {
  const bad: Array<[unknown, RegExp]> = [
    ['x', /config\.body\. on route POST \/r: must be an object/],
    [{ limit: 0 }, /config\.body\.limit on route POST \/r/],
    [{ inflatedLimit: 'big' }, /inflatedLimit/],
    [{ maxExpansionRatio: -2 }, /maxExpansionRatio/],
    [{ rawBody: 'yes' }, /rawBody/],
    [{ stream: 1 }, /stream/],
    [{ verify: 'hmac' }, /verify on route POST \/r: must be a function/],
    [{ stream: true, rawBody: true }, /stream on route POST \/r: cannot be combined/],
    [{ stream: true, verify: () => {} }, /cannot be combined/]
  ]
  for (const [config, message] of bad) {
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(body)
    t.throws(() => app.post('/r', { config: { body: config as never } }, async () => 'x'), { code: 'GW_BODY_INVALID_ROUTE_CONFIG', statusCode: 500, message })
  }
})
