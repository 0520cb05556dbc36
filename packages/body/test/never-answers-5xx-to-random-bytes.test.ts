import t from 'tap'
import fc from 'fast-check'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import Fastify from 'fastify'
import body from '../src/index.js'

const types = [
  'application/json', 'application/merge-patch+json', 'application/json; charset=utf-16le', 'application/json; charset=bogus',
  'application/x-www-form-urlencoded', 'text/plain', 'text/plain; charset=latin1', 'text/csv; charset=windows-1252',
  'text/plain; charset=utf-16le', 'text/html; charset="nope"', 'application/octet-stream', 'image/png', 'multipart/form-data'
]
const encodings = [undefined, 'identity', 'gzip', 'deflate', 'br', 'zstd', 'compress', 'gzip, br']
const compressors: Record<string, (bytes: Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync }

t.test('random bytes of any supported type and encoding never give a 5xx', async t => {
  for (const nested of [false, true]) {
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(body, { bodyLimit: 4096, form: { nested }, json: { maxDepth: 8 } })
    app.post('/', async (request) => {
      const parsed = request.body
      return { ok: true, kind: Buffer.isBuffer(parsed) ? 'buffer' : typeof parsed }
    })
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...types),
      fc.constantFrom(...encodings),
      fc.boolean(),
      fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.json().map(text => new Uint8Array(Buffer.from(text))), fc.string().map(text => new Uint8Array(Buffer.from(encodeURIComponent(text) + '=' + text)))),
      async (type, encoding, compressForReal, raw) => {
        let payload: Buffer = Buffer.from(raw)
        const compress = encoding === undefined ? undefined : compressors[encoding]
        if (compressForReal && compress !== undefined) payload = compress(payload)
        const headers: Record<string, string> = { 'content-type': type }
        if (encoding !== undefined) headers['content-encoding'] = encoding
        const response = await app.inject({ method: 'POST', url: '/', headers, payload })
        if (response.statusCode >= 500) return false
        const reply = response.json()
        return response.statusCode === 200 ? reply.ok === true : typeof reply.code === 'string' && reply.code.startsWith('GW_BODY_')
      }
    ), { numRuns: 400 })
  }
  t.pass('no 5xx')
})
