import t from 'tap'
import Fastify from 'fastify'
import { TIMER_MAX } from '@groundwork/shared'
import body, { acceptedMediaTypes, GW_BODY_INVALID_OPTION, type BodyOptions } from '../src/index.js'

t.test('bad plugin options throw GW_BODY_INVALID_OPTION, naming each problem with its path, before the instance is touched', async t => {
  const bad: Array<[unknown, string]> = [
    ['nope', '(options) must be object'],
    [{ bodyLimit: 0 }, 'bodyLimit must be >= 1'],
    [{ bodyLimit: 1.5 }, 'bodyLimit must be integer'],
    [{ inflatedLimit: -1 }, 'inflatedLimit must be >= 1'],
    [{ maxExpansionRatio: 0 }, 'maxExpansionRatio must be a positive number (Infinity disables the check)'],
    [{ maxExpansionRatio: Number.NaN }, 'maxExpansionRatio must be a positive number (Infinity disables the check)'],
    [{ decompress: 'yes' }, 'decompress must be boolean'],
    [{ binary: 1 }, 'binary must be boolean'],
    [{ catchAll: null }, 'catchAll must be boolean'],
    [{ json: true }, 'json must be an object or false'],
    [{ json: { onProtoPoisoning: 'ignore' } }, "json.onProtoPoisoning must be one of 'error', 'remove'"],
    [{ json: { maxDepth: 0 } }, 'json.maxDepth must be >= 1'],
    [{ json: { emptyBody: 'null' } }, "json.emptyBody must be one of 'error', 'undefined'"],
    [{ form: [] }, 'form must be an object or false'],
    [{ form: { nested: 'true' } }, 'form.nested must be boolean'],
    [{ form: { parameterLimit: 0 } }, 'form.parameterLimit must be >= 1'],
    [{ form: { maxDepth: 'x' } }, 'form.maxDepth must be integer'],
    [{ form: { onProtoPoisoning: 'keep' } }, "form.onProtoPoisoning must be one of 'error', 'remove'"],
    [{ text: { strict: 0 } }, 'text.strict must be boolean'],
    [{ text: { defaultCharset: 'klingon' } }, 'text.defaultCharset must be a charset label TextDecoder knows'],
    [{ text: { defaultCharset: 7 } }, 'text.defaultCharset must be string'],
    [{ linger: true }, 'linger must be an object or false'],
    [{ linger: { timeoutMs: 0 } }, 'linger.timeoutMs must be >= 1'],
    [{ linger: { timeoutMs: 2 ** 31 } }, `linger.timeoutMs must be <= ${TIMER_MAX}`],
    [{ linger: { maxBytes: 1.5 } }, 'linger.maxBytes must be integer'],
    // Misspelled keys used to be ignored, at the top level and in every section.
    [{ bodylimit: 1024 }, 'bodylimit is not a known option (check its spelling)'],
    [{ json: { maxdepth: 8 } }, 'json.maxdepth is not a known option (check its spelling)'],
    [{ linger: { timeout: 100 } }, 'linger.timeout is not a known option (check its spelling)']
  ]
  for (const [options, problem] of bad) {
    const app = Fastify()
    t.teardown(() => app.close())
    app.register(body, options as BodyOptions)
    const message = `Invalid @groundwork/body options: ${problem}`
    await t.rejects(async () => { await app.ready() }, GW_BODY_INVALID_OPTION, problem)
    await t.rejects(async () => { await Fastify().register(body, options as BodyOptions).ready() }, { code: 'GW_BODY_INVALID_OPTION', statusCode: 500, message })
    t.throws(() => acceptedMediaTypes(options as BodyOptions), { code: 'GW_BODY_INVALID_OPTION', message }, `acceptedMediaTypes: ${problem}`)
  }
})

t.test('every problem is listed in one message, in the order of the options', async t => {
  const options = { bodylimit: 1024, inflatedLimit: 0, json: { maxDepth: 0, onProtoPoisoning: 'x' }, linger: true } as unknown as BodyOptions
  await t.rejects(async () => { await Fastify().register(body, options).ready() }, {
    code: 'GW_BODY_INVALID_OPTION',
    message: "Invalid @groundwork/body options: bodylimit is not a known option (check its spelling); inflatedLimit must be >= 1; json.onProtoPoisoning must be one of 'error', 'remove'; json.maxDepth must be >= 1; linger must be an object or false"
  })
})

t.test("Fastify's register options, explicit undefined and every documented value are accepted", async t => {
  const valid: BodyOptions[] = [
    {},
    { bodyLimit: 1, inflatedLimit: Number.MAX_SAFE_INTEGER, maxExpansionRatio: Infinity, decompress: false, binary: false, catchAll: true },
    { maxExpansionRatio: 1.5 },
    { json: false, form: false, text: false, linger: false },
    { json: undefined, form: undefined, text: undefined, linger: undefined, bodyLimit: undefined },
    { json: { maxDepth: 1, onProtoPoisoning: 'remove', emptyBody: 'undefined' }, form: { nested: true, parameterLimit: 1, maxDepth: 1, onProtoPoisoning: 'remove' } },
    { text: { strict: false, defaultCharset: 'latin1' }, linger: { timeoutMs: TIMER_MAX, maxBytes: 1 } }
  ]
  for (const options of valid) {
    const app = Fastify()
    t.teardown(() => app.close())
    await t.resolves(async () => { await app.register(body, { ...options, prefix: '/p', logLevel: 'warn', logSerializers: {} } as BodyOptions).ready() }, JSON.stringify(options))
  }
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
