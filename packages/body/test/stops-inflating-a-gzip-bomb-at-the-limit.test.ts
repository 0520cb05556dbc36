import t from 'tap'
import { Readable } from 'node:stream'
import { createGzip, createGunzip, gzipSync } from 'node:zlib'
import Fastify from 'fastify'
import body from '../src/index.js'
import { bodyStream, RATIO_FLOOR } from '../src/read-body.js'
import { BodyCounters } from '../src/metrics.js'

const MiB = 1024 * 1024
const bomb = gzipSync(Buffer.alloc(50 * MiB), { level: 9 })

t.test('a 50 MiB-of-zeros gzip bomb is a 413', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => (request.body as Buffer).length)
  t.ok(bomb.length < MiB, `the bomb is ${bomb.length} bytes on the wire, under the limit`)
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' }, payload: bomb })
  t.equal(response.statusCode, 413)
  t.equal(response.json().code, 'GW_BODY_INFLATED_TOO_LARGE')
})

t.test('inflation stops at about one limit of output', async t => {
  const settings = { limit: MiB, inflatedLimit: MiB, maxExpansionRatio: Infinity, rawBody: false, verify: undefined, stream: true }
  const out = bodyStream(Readable.from([bomb]), {}, settings, createGunzip, new BodyCounters())
  let inflated = 0
  const error = await new Promise<Error & { code: string }>(resolve => {
    out.on('data', (chunk: Buffer) => { inflated += chunk.length })
    out.on('error', resolve)
  })
  t.equal(error.code, 'GW_BODY_INFLATED_TOO_LARGE')
  t.ok(inflated <= MiB, `handed on ${inflated} inflated bytes`)
})

t.test('a lazily generated 1 GiB bomb is abandoned after reading a small part of it', async t => {
  let produced = 0
  const zeros = new Readable({
    read () {
      produced += MiB
      this.push(produced > 1024 * MiB ? null : Buffer.alloc(MiB))
    }
  })
  const settings = { limit: 64 * MiB, inflatedLimit: MiB, maxExpansionRatio: Infinity, rawBody: false, verify: undefined, stream: true }
  const out = bodyStream(zeros.pipe(createGzip()), {}, settings, createGunzip, new BodyCounters())
  const error = await new Promise<Error & { code: string }>(resolve => {
    out.resume()
    out.on('error', resolve)
  })
  t.equal(error.code, 'GW_BODY_INFLATED_TOO_LARGE')
  await new Promise(resolve => setTimeout(resolve, 50))
  t.ok(produced < 64 * MiB, `only ${produced / MiB} MiB of the 1024 MiB were ever generated`)
})

t.test('the expansion ratio is limited once the body passes 64 KiB', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { bodyLimit: 10 * MiB, maxExpansionRatio: 50 })
  app.post('/', async (request) => (request.body as Buffer).length)
  app.post('/lenient', { config: { body: { maxExpansionRatio: 10000 } } }, async (request) => (request.body as Buffer).length)
  const zeros = gzipSync(Buffer.alloc(4 * MiB))
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' }, payload: zeros })
  t.same(response.json(), { statusCode: 413, code: 'GW_BODY_EXPANSION_RATIO', error: 'Payload Too Large', message: 'Compressed request body expands more than 50 times' })
  const lenient = await app.inject({ method: 'POST', url: '/lenient', headers: { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' }, payload: zeros })
  t.equal(lenient.body, String(4 * MiB))
  const small = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' }, payload: gzipSync(Buffer.alloc(RATIO_FLOOR)) })
  t.equal(small.body, String(RATIO_FLOOR), 'small bodies never trip the ratio')
})

t.test('inflatedLimit can differ from the wire limit', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { bodyLimit: 1000, inflatedLimit: 5000 })
  app.post('/', async (request) => (request.body as Buffer).length)
  app.post('/route', { config: { body: { inflatedLimit: 100 } } }, async (request) => (request.body as Buffer).length)
  const payload = gzipSync(Buffer.alloc(4000))
  t.equal((await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' }, payload })).body, '4000')
  const route = await app.inject({ method: 'POST', url: '/route', headers: { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' }, payload })
  t.equal(route.json().message, 'Decompressed request body is larger than the limit of 100 bytes')
})
