import t, { type Test } from 'tap'
import Fastify from 'fastify'
import { createHash } from 'node:crypto'
import { brotliCompressSync } from 'node:zlib'
import staticFiles from '../src/index.js'
import { CHUNK_SIZE } from '../src/file-body.js'

/** Several read buffers long, and not a multiple of one: every byte's value is its position mod 251. */
const SIZE = 2 * CHUNK_SIZE + 12_345
const big = Buffer.alloc(SIZE)
for (let i = 0; i < SIZE; i++) big[i] = i % 251
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex')

async function servers (t: Test) {
  const root = t.testdir({ 'big.bin': big, 'big.bin.br': brotliCompressSync(big), 'empty.txt': '' })
  const build = async (maxFileSize: number) => {
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(staticFiles, { root, hotCache: { maxFileSize, revalidateMs: 60_000 } })
    return app
  }
  // The same file from memory (maxFileSize above it) and from disk (below it): the fast path streams it.
  return { memory: await build(4 * SIZE), disk: await build(1) }
}

t.test('a file over maxFileSize is streamed whole, in several reads, with the headers memory sends', async t => {
  const { memory, disk } = await servers(t)
  const fromMemory = await memory.inject('/big.bin')
  const fromDisk = await disk.inject('/big.bin')
  t.equal(fromDisk.statusCode, 200)
  t.equal(fromDisk.rawPayload.length, SIZE)
  t.equal(sha(fromDisk.rawPayload), sha(big), 'every byte, in order')
  const { date: _a, ...memoryHeaders } = fromMemory.headers
  const { date: _b, ...diskHeaders } = fromDisk.headers
  t.same(diskHeaders, memoryHeaders, 'type, length, validators, caching, vary and nosniff as from memory')
})

t.test('HEAD sends the headers of the GET and no byte of the file', async t => {
  const { disk } = await servers(t)
  const head = await disk.inject({ method: 'HEAD', url: '/big.bin' })
  t.equal(head.statusCode, 200)
  t.equal(head.headers['content-length'], String(SIZE))
  t.equal(head.rawPayload.length, 0)
  t.match(head.headers.etag, /^W\/"/)
})

t.test('a range across read buffers, a suffix, 304, 412 and 416 come from the fast path as from memory', async t => {
  const { memory, disk } = await servers(t)
  const etag = (await disk.inject('/big.bin')).headers.etag as string
  const cases: Array<Record<string, string>> = [
    { range: `bytes=${CHUNK_SIZE - 10}-${CHUNK_SIZE + 9}` },
    { range: `bytes=${CHUNK_SIZE}-` },
    { range: 'bytes=-100' },
    { range: `bytes=${SIZE}-` },
    { range: 'bytes=0-1,5-6' },
    { 'if-none-match': etag },
    { 'if-none-match': etag, range: 'bytes=0-9' },
    { 'if-match': '"other"' },
    { 'if-range': '"stale"', range: 'bytes=0-9' }
  ]
  for (const headers of cases) {
    const a = await memory.inject({ url: '/big.bin', headers })
    const b = await disk.inject({ url: '/big.bin', headers })
    t.equal(b.statusCode, a.statusCode, `${JSON.stringify(headers)}: status`)
    t.equal(b.headers['content-range'], a.headers['content-range'], `${JSON.stringify(headers)}: Content-Range`)
    t.equal(b.headers['content-length'], a.headers['content-length'], `${JSON.stringify(headers)}: Content-Length`)
    t.equal(sha(b.rawPayload), sha(a.rawPayload), `${JSON.stringify(headers)}: body`)
  }
  const cross = await disk.inject({ url: '/big.bin', headers: { range: `bytes=${CHUNK_SIZE - 2}-${CHUNK_SIZE + 1}` } })
  t.same([...cross.rawPayload], [CHUNK_SIZE - 2, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1].map(i => i % 251))
})

t.test('a precompressed sibling is streamed with its own length and validators', async t => {
  const { disk } = await servers(t)
  const br = await disk.inject({ url: '/big.bin', headers: { 'accept-encoding': 'br' } })
  t.equal(br.statusCode, 200)
  t.equal(br.headers['content-encoding'], 'br')
  t.equal(br.headers.vary, 'accept-encoding')
  t.equal(br.headers['content-type'], 'application/octet-stream')
  t.equal(br.rawPayload.length, brotliCompressSync(big).length)
  t.equal(br.headers['content-length'], String(br.rawPayload.length))
  t.not(br.headers.etag, (await disk.inject('/big.bin')).headers.etag)
})

t.test('an empty file on the disk path is a 200 with no body', async t => {
  const root = t.testdir({ 'empty.txt': '' })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, hotCache: false })
  const empty = await app.inject('/empty.txt')
  t.equal(empty.statusCode, 200)
  t.equal(empty.headers['content-length'], '0')
  t.equal(empty.body, '')
})
