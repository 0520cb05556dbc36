import t from 'tap'
import Fastify from 'fastify'
import { unlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import staticFiles from '../src/index.js'
import { HotCache, MAX_REMEMBERED_LARGE_FILES } from '../src/hot-cache.js'

const policy = { immutablePattern: false as const, maxAge: 0, precompressed: true }

t.test('a large file changed or deleted within revalidateMs is served as it is now, never stale bytes', async t => {
  const root = t.testdir({ 'big.txt': 'a'.repeat(2000) })
  const file = path.join(root, 'big.txt')
  const app = Fastify()
  t.teardown(() => app.close())
  // A long revalidateMs: the lookup is remembered for the whole test.
  await app.register(staticFiles, { root, hotCache: { maxFileSize: 1000, revalidateMs: 60_000 } })

  const first = await app.inject('/big.txt')
  t.equal(first.body, 'a'.repeat(2000))
  writeFileSync(file, 'b'.repeat(3000))
  const changed = await app.inject('/big.txt')
  t.equal(changed.statusCode, 200)
  t.equal(changed.body, 'b'.repeat(3000), '@fastify/send reads the file again')
  t.equal(changed.headers['content-length'], '3000')
  t.not(changed.headers.etag, first.headers.etag, 'the validator follows the new bytes')
  unlinkSync(file)
  const deleted = await app.inject('/big.txt')
  t.equal(deleted.statusCode, 404)
  t.equal(deleted.json().statusCode, 404)
})

t.test('a remembered lookup is reused within revalidateMs and looked up again after it', async t => {
  const root = t.testdir({ 'big.txt': 'a'.repeat(2000) })
  const cache = new HotCache({ realRoot: root, maxFileSize: 1000, maxBytes: 1 << 20, revalidateMs: 60_000, policy })
  const first = await cache.resolve('big.txt')
  const second = await cache.resolve('big.txt')
  t.equal(first.kind, 'disk')
  t.equal(second.kind, 'disk')
  t.equal(cache.largeFiles, 1)
  t.equal((second as Extract<typeof second, { kind: 'disk' }>).lookup, (first as Extract<typeof first, { kind: 'disk' }>).lookup, 'the same lookup, no new stat')

  const expiring = new HotCache({ realRoot: root, maxFileSize: 1000, maxBytes: 1 << 20, revalidateMs: 0, policy })
  const a = await expiring.resolve('big.txt')
  const b = await expiring.resolve('big.txt')
  t.not((a as Extract<typeof a, { kind: 'disk' }>).lookup, (b as Extract<typeof b, { kind: 'disk' }>).lookup, 'expired: looked up again')
  unlinkSync(path.join(root, 'big.txt'))
  t.equal((await expiring.resolve('big.txt')).kind, 'missing')
  t.equal((await cache.resolve('big.txt')).kind, 'disk', 'within revalidateMs the remembered lookup stands; send answers 404 itself')
  cache.clear()
  t.equal(cache.largeFiles, 0)
})

t.test('the remembered lookups are bounded, oldest forgotten first', async t => {
  t.equal(MAX_REMEMBERED_LARGE_FILES, 1024, 'the documented bound')
  const maxLargeFiles = 8
  const count = maxLargeFiles + 5
  const files: Record<string, string> = {}
  for (let i = 0; i < count; i++) files[`f${i}.bin`] = 'x'.repeat(20)
  const root = t.testdir(files)
  const cache = new HotCache({ realRoot: root, maxFileSize: 10, maxBytes: 1 << 20, revalidateMs: 60_000, policy, maxLargeFiles })
  for (let i = 0; i < count; i++) t.equal((await cache.resolve(`f${i}.bin`)).kind, 'disk')
  t.equal(cache.largeFiles, maxLargeFiles)
  // f0, the oldest, was forgotten: resolving it again looks it up afresh (a remembered lookup would still say disk).
  writeFileSync(path.join(root, 'f0.bin'), 'small')
  t.equal((await cache.resolve('f0.bin')).kind, 'entry', 'looked up again, and now small enough to cache')
  t.equal(cache.largeFiles, maxLargeFiles)
  t.equal((await cache.resolve(`f${count - 1}.bin`)).kind, 'disk', 'the newest is still remembered')
  t.equal(cache.largeFiles, maxLargeFiles)
})
