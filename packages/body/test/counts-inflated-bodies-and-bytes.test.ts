import t from 'tap'
import { randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import Fastify from 'fastify'
import body from '../src/index.js'

async function listening () {
  const app = Fastify()
  await app.register(body, { inflatedLimit: 256 * 1024 })
  app.post('/', async (request) => ({ keys: Object.keys(request.body as object).length }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, port: (app.server.address() as { port: number }).port }
}

function post (port: number, headers: Record<string, string>, payload: Buffer): Promise<{ status: number, body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/', headers: { ...headers, 'content-length': String(payload.length) } }, res => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', chunk => { text += chunk })
      res.on('end', () => { resolve({ status: res.statusCode as number, body: text }) })
    })
    req.on('error', reject)
    req.end(payload)
  })
}

t.test('a gzip body over a socket adds its inflated size and one body; a plain body adds nothing', async t => {
  const { app, port } = await listening()
  t.teardown(() => app.close())
  // Random hex compresses about 2:1, well inside the expansion ratio, and passes 64 KiB.
  const json = Buffer.from(JSON.stringify({ a: randomBytes(50_000).toString('hex'), b: 1 }))
  const plain = await post(port, { 'content-type': 'application/json' }, json)
  t.equal(plain.status, 200)
  t.same(app.bodyMetrics, { ...app.bodyMetrics, bytesInflated: 0, bodiesInflated: 0 }, 'an identity body is not inflated')

  const gzipped = await post(port, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(json))
  t.equal(gzipped.status, 200)
  t.same(JSON.parse(gzipped.body), { keys: 2 })
  t.equal(app.bodyMetrics.bytesInflated, json.length, 'every byte out of the inflater')
  t.equal(app.bodyMetrics.bodiesInflated, 1)

  const brotli = await post(port, { 'content-type': 'application/json', 'content-encoding': 'br' }, brotliCompressSync(json))
  t.equal(brotli.status, 200)
  t.equal(app.bodyMetrics.bytesInflated, 2 * json.length)
  t.equal(app.bodyMetrics.bodiesInflated, 2)
})

t.test('a body rejected while inflating adds the bytes inflated before the stop, and no body', async t => {
  const { app, port } = await listening()
  t.teardown(() => app.close())
  const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024))
  const answer = await post(port, { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' }, bomb)
  t.equal(answer.status, 413)
  const metrics = app.bodyMetrics
  t.equal(metrics.rejected.GW_BODY_INFLATED_TOO_LARGE, 1)
  t.equal(metrics.bodiesInflated, 0)
  t.ok(metrics.bytesInflated > 256 * 1024, `${metrics.bytesInflated} bytes: past the inflated limit, where it stopped`)
  t.ok(metrics.bytesInflated < 1024 * 1024, 'far short of the 8 MiB the bomb would give')

  const corrupt = await post(port, { 'content-type': 'application/json', 'content-encoding': 'gzip' }, Buffer.from('not gzip'))
  t.equal(corrupt.status, 400)
  t.equal(app.bodyMetrics.rejected.GW_BODY_INVALID_COMPRESSION, 1)
  t.equal(app.bodyMetrics.bodiesInflated, 0)
})

t.test('a streamed gzip body is counted when the handler reads it to its end', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', { config: { body: { stream: true } } }, async (request) => {
    let length = 0
    for await (const chunk of request.body as AsyncIterable<Buffer>) length += chunk.length
    return { length }
  })
  const text = Buffer.from('y'.repeat(5000))
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, payload: gzipSync(text) })
  t.same(response.json(), { length: 5000 })
  t.equal(app.bodyMetrics.bytesInflated, 5000)
  t.equal(app.bodyMetrics.bodiesInflated, 1)
})
