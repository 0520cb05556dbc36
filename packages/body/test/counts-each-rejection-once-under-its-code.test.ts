import t from 'tap'
import { connect } from 'node:net'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { gzipSync } from 'node:zlib'
import Fastify, { type InjectOptions } from 'fastify'
import body, { REJECTION_CODES, type BodyMetrics } from '../src/index.js'
import * as pkg from '../src/index.js'
import { BodyCounters } from '../src/metrics.js'

const REGISTER_TIME = ['GW_BODY_INVALID_OPTION', 'GW_BODY_INVALID_ROUTE_CONFIG']

async function build () {
  const app = Fastify()
  await app.register(body, { bodyLimit: 1024 * 1024 })
  app.post('/', async (request) => ({ ok: request.body !== undefined }))
  app.post('/small', { config: { body: { limit: 64, inflatedLimit: 1024 } } }, async () => ({ ok: true }))
  app.post('/ratio', { config: { body: { maxExpansionRatio: 2 } } }, async () => ({ ok: true }))
  app.post('/signed', { config: { body: { verify: () => { throw new Error('bad signature') } } } }, async () => ({ ok: true }))
  app.post('/stream', { config: { body: { stream: true, limit: 64 } } }, async (request) => {
    await pipeline(request.body as Readable, new Writable({ write (_chunk, _encoding, callback) { callback() } }))
    return { ok: true }
  })
  return app
}

/** The codes whose count changed, with by how much. */
function moved (before: BodyMetrics, after: BodyMetrics): Record<string, number> {
  const changes: Record<string, number> = {}
  for (const code of REJECTION_CODES) {
    if (after.rejected[code] !== before.rejected[code]) changes[code] = after.rejected[code] - before.rejected[code]
  }
  return changes
}

const json = { 'content-type': 'application/json' }
const cases: Array<[code: string, request: InjectOptions]> = [
  ['GW_BODY_UNSUPPORTED_MEDIA_TYPE', { url: '/', headers: { 'content-type': 'application/xml' }, payload: '<a/>' }],
  ['GW_BODY_UNSUPPORTED_CHARSET', { url: '/', headers: { 'content-type': 'text/plain; charset=no-such-charset' }, payload: 'x' }],
  ['GW_BODY_UNSUPPORTED_ENCODING', { url: '/', headers: { ...json, 'content-encoding': 'compress' }, payload: '{}' }],
  ['GW_BODY_TOO_LARGE', { url: '/small', headers: json, payload: JSON.stringify({ text: 'x'.repeat(100) }) }],
  ['GW_BODY_INFLATED_TOO_LARGE', { url: '/small', headers: { ...json, 'content-encoding': 'gzip' }, payload: gzipSync(JSON.stringify({ text: 'x'.repeat(2000) })) }],
  ['GW_BODY_EXPANSION_RATIO', { url: '/ratio', headers: { ...json, 'content-encoding': 'gzip' }, payload: gzipSync(JSON.stringify({ text: 'x'.repeat(100_000) })) }],
  ['GW_BODY_TOO_MANY_PARAMETERS', { url: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: Array.from({ length: 1001 }, (_, i) => `k${i}=v`).join('&') }],
  ['GW_BODY_TOO_DEEP', { url: '/', headers: json, payload: '['.repeat(65) + ']'.repeat(65) }],
  ['GW_BODY_INVALID_JSON', { url: '/', headers: json, payload: '{"a":' }],
  ['GW_BODY_EMPTY_JSON', { method: 'DELETE', url: '/', headers: json }],
  ['GW_BODY_PROTOTYPE_POISONING', { url: '/', headers: json, payload: '{"__proto__":{"admin":true}}' }],
  ['GW_BODY_INVALID_FORM', { url: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a=%zz' }],
  ['GW_BODY_INVALID_BYTES', { url: '/', headers: json, payload: Buffer.from([0x22, 0xff, 0x22]) }],
  ['GW_BODY_INVALID_COMPRESSION', { url: '/', headers: { ...json, 'content-encoding': 'gzip' }, payload: Buffer.from('not gzip at all') }],
  ['GW_BODY_LENGTH_MISMATCH', { url: '/', headers: { ...json, 'content-length': '10' }, payload: Readable.from([Buffer.from('{}')]) }],
  ['GW_BODY_VERIFY_FAILED', { url: '/signed', headers: json, payload: '{}' }]
]

t.test('every code a request can be rejected with is listed at 0 from the start, and no register-time code is', async t => {
  const app = await build()
  t.teardown(() => app.close())
  const requestCodes = Object.keys(pkg).filter(name => name.startsWith('GW_BODY_') && !REGISTER_TIME.includes(name)).sort()
  t.same([...REJECTION_CODES].sort(), requestCodes)
  t.same(app.bodyMetrics, {
    rejected: Object.fromEntries(requestCodes.map(code => [code, 0])),
    bytesInflated: 0,
    bodiesInflated: 0
  })
})

t.test('each rejection moves its own code by exactly one, once', async t => {
  const app = await build()
  t.teardown(() => app.close())
  app.delete('/', async () => ({ ok: true }))
  for (const [code, request] of cases) {
    const before = app.bodyMetrics
    const response = await app.inject({ method: 'POST', ...request })
    t.equal(response.json().code, code, `${code} is the answer`)
    t.same(moved(before, app.bodyMetrics), { [code]: 1 }, `${code} counted once`)
  }
})

t.test('a streamed body that passes its limit is counted once, by the stream', async t => {
  const app = await build()
  t.teardown(() => app.close())
  const chunks = Readable.from([Buffer.alloc(40), Buffer.alloc(40)])
  const before = app.bodyMetrics
  const response = await app.inject({ method: 'POST', url: '/stream', headers: { 'content-type': 'application/octet-stream' }, payload: chunks })
  t.equal(response.json().code, 'GW_BODY_TOO_LARGE')
  t.same(moved(before, app.bodyMetrics), { GW_BODY_TOO_LARGE: 1 })
  const declared = await app.inject({ method: 'POST', url: '/stream', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(100) })
  t.equal(declared.json().code, 'GW_BODY_TOO_LARGE', 'a Content-Length over the limit is refused before the stream exists')
  t.same(moved(before, app.bodyMetrics), { GW_BODY_TOO_LARGE: 2 })
})

t.test('accepted bodies, and errors that are not the plugin\'s, move no rejection', async t => {
  const app = await build()
  t.teardown(() => app.close())
  app.post('/throws', async () => { throw new Error('handler bug') })
  const before = app.bodyMetrics
  t.equal((await app.inject({ method: 'POST', url: '/', headers: json, payload: '{"a":1}' })).statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: '/stream', headers: { 'content-type': 'text/plain' }, payload: 'short' })).statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: '/throws', headers: json, payload: '{}' })).statusCode, 500)
  t.same(app.bodyMetrics, before)
})

t.test('a client that hangs up mid-body is counted as aborted, over a real socket', async t => {
  const app = await build()
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const before = app.bodyMetrics
  const socket = connect(port, '127.0.0.1')
  await new Promise(resolve => socket.once('connect', resolve))
  socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":')
  await new Promise(resolve => setTimeout(resolve, 50))
  socket.destroy()
  const deadline = Date.now() + 5000
  while (app.bodyMetrics.rejected.GW_BODY_ABORTED === 0 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 10))
  t.same(moved(before, app.bodyMetrics), { GW_BODY_ABORTED: 1 })
})

t.test('an error without one of the plugin\'s request codes is not counted', async t => {
  const counters = new BodyCounters()
  const before = counters.snapshot()
  counters.reject(new Error('no code'))
  counters.reject(Object.assign(new Error('foreign'), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }))
  counters.reject(Object.assign(new Error('register time'), { code: 'GW_BODY_INVALID_OPTION' }))
  counters.reject(Object.assign(new Error('inherited'), { code: 'toString' }))
  t.same(counters.snapshot(), before)
})
