import t, { type Test } from 'tap'
import { Readable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import Fastify from 'fastify'
import body from '../src/index.js'

async function drain (stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

async function build (t: Test) {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/upload', { config: { body: { stream: true, limit: 1000 } } }, async (request, reply) => {
    try {
      const bytes = await drain(request.body as Readable)
      return { type: request.mediaType ?? null, length: bytes.length, text: bytes.toString().slice(0, 20) }
    } catch (error) {
      reply.code((error as { statusCode: number }).statusCode)
      return { failed: (error as { code: string }).code }
    }
  })
  return app
}

t.test('a streaming route gets a Readable for any type', async t => {
  const app = await build(t)
  for (const type of ['application/json', 'image/png', 'text/plain']) {
    const response = await app.inject({ method: 'POST', url: '/upload', headers: { 'content-type': type }, payload: Readable.from(['hello ', 'stream']) })
    t.same(response.json(), { type, length: 12, text: 'hello stream' })
  }
})

t.test('the stream is decompressed', async t => {
  const app = await build(t)
  const response = await app.inject({ method: 'POST', url: '/upload', headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, payload: gzipSync('zipped words') })
  t.same(response.json(), { type: 'text/plain', length: 12, text: 'zipped words' })
})

t.test('the limit is still enforced: up front and while streaming', async t => {
  const app = await build(t)
  const declared = await app.inject({ method: 'POST', url: '/upload', headers: { 'content-type': 'image/png', 'content-length': '1001' }, payload: Buffer.alloc(1001) })
  t.equal(declared.statusCode, 413)
  t.equal(declared.json().code, 'GW_BODY_TOO_LARGE')
  const chunked = await app.inject({ method: 'POST', url: '/upload', headers: { 'content-type': 'image/png' }, payload: Readable.from([Buffer.alloc(600), Buffer.alloc(600)]) })
  t.equal(chunked.statusCode, 413)
  t.same(chunked.json(), { failed: 'GW_BODY_TOO_LARGE' })
})
