import t from 'tap'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import Fastify from 'fastify'
import body, { ACCEPTED_ENCODINGS } from '../src/index.js'
import { BodyCounters } from '../src/metrics.js'

const json = JSON.stringify({ hello: 'world', list: [1, 2, 3] })

t.test('gzip, x-gzip, deflate, br and identity bodies are inflated', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => request.body)
  const cases: Array<[string, Buffer]> = [
    ['gzip', gzipSync(json)], ['x-gzip', gzipSync(json)], [' GZIP ', gzipSync(json)], ['deflate', deflateSync(json)],
    ['br', brotliCompressSync(json)], ['identity', Buffer.from(json)]
  ]
  for (const [encoding, payload] of cases) {
    const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, payload })
    t.equal(response.statusCode, 200, encoding)
    t.same(response.json(), JSON.parse(json), encoding)
  }
})

t.test('an unknown encoding is a 415 listing the accepted ones', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => request.body)
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json', 'content-encoding': 'compress' }, payload: 'x' })
  t.same(response.json(), {
    statusCode: 415,
    code: 'GW_BODY_UNSUPPORTED_ENCODING',
    error: 'Unsupported Media Type',
    message: `Unsupported Content-Encoding "compress"; accepted: ${ACCEPTED_ENCODINGS.join(', ')}`
  })
  const stacked = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip, br' }, payload: 'x' })
  t.equal(stacked.statusCode, 415, 'stacked codings are not supported')
})

t.test('decompress: false accepts identity only', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { decompress: false })
  app.post('/', async (request) => request.body)
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: gzipSync(json) })
  t.equal(response.statusCode, 415)
  t.equal(response.json().message, 'Unsupported Content-Encoding "gzip"; accepted: identity')
  const identity = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json', 'content-encoding': 'identity' }, payload: json })
  t.equal(identity.statusCode, 200)
})

t.test('a corrupt or truncated compressed body is a clean 400', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => request.body)
  const zipped = gzipSync(json)
  for (const payload of [Buffer.from('definitely not gzip'), zipped.subarray(0, zipped.length - 6)]) {
    const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload })
    t.same(response.json(), { statusCode: 400, code: 'GW_BODY_INVALID_COMPRESSION', error: 'Bad Request', message: 'Body could not be decompressed as gzip' })
  }
})

t.test('the wire limit applies to the compressed bytes, the length check too', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { bodyLimit: 100 })
  app.post('/', async (request) => request.body)
  const random = gzipSync(Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 7919) % 251)))
  const { Readable } = await import('node:stream')
  const chunked = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' }, payload: Readable.from([random]) })
  t.equal(chunked.statusCode, 413)
  t.equal(chunked.json().code, 'GW_BODY_TOO_LARGE')
  const short = gzipSync('{}')
  const mismatch = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(short.length + 1) }, payload: Readable.from([short]) })
  t.equal(mismatch.json().code, 'GW_BODY_LENGTH_MISMATCH')
})

t.test('a compressed body whose stream fails is a 400', async t => {
  const { bodyStream } = await import('../src/read-body.js')
  const { PassThrough } = await import('node:stream')
  const { createGunzip } = await import('node:zlib')
  const payload = new PassThrough()
  const out = bodyStream(payload, {}, { limit: 100, inflatedLimit: 100, maxExpansionRatio: 10, rawBody: false, verify: undefined, stream: true }, createGunzip, new BodyCounters())
  const failed = new Promise<Error>(resolve => out.on('error', resolve))
  payload.destroy(new Error('socket hang up'))
  t.equal((await failed as Error & { code: string }).code, 'GW_BODY_ABORTED')
})

t.test('only the first failure reaches the body stream', async t => {
  const { bodyStream } = await import('../src/read-body.js')
  const { PassThrough } = await import('node:stream')
  const { createGunzip } = await import('node:zlib')
  const payload = new PassThrough()
  const out = bodyStream(payload, {}, { limit: 100, inflatedLimit: 100, maxExpansionRatio: 10, rawBody: false, verify: undefined, stream: true }, createGunzip, new BodyCounters())
  const errors: string[] = []
  out.on('error', (error: Error & { code: string }) => errors.push(error.code))
  payload.write(Buffer.alloc(200))
  await new Promise(resolve => setTimeout(resolve, 20))
  payload.destroy(new Error('socket hang up'))
  await new Promise(resolve => setTimeout(resolve, 20))
  t.same(errors, ['GW_BODY_TOO_LARGE'])
})
