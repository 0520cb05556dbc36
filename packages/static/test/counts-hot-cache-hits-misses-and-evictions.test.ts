import t from 'tap'
import Fastify from 'fastify'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import staticFiles from '../src/index.js'
import { ENTRY_OVERHEAD } from '../src/hot-cache.js'

const KIB = 'x'.repeat(1024)

t.test('a first request is a miss, the next ones are hits, and the cache reports what it holds', async t => {
  const root = t.testdir({ 'a.txt': KIB, 'with space.txt': KIB })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, hotCache: { revalidateMs: 60_000 } })
  t.same(app.staticMetrics.hotCache, { hits: 0, misses: 0, bytes: 0, entries: 0, evictions: 0 }, 'all 0 before any request')

  t.equal((await app.inject('/a.txt')).statusCode, 200)
  t.same(app.staticMetrics.hotCache, { hits: 0, misses: 1, bytes: 1024 + ENTRY_OVERHEAD, entries: 1, evictions: 0 }, 'read into memory: a miss')
  await app.inject('/a.txt')
  await app.inject({ method: 'HEAD', url: '/a.txt' })
  await app.inject({ url: '/a.txt', headers: { range: 'bytes=0-9' } })
  t.equal(app.staticMetrics.hotCache.hits, 3, 'the hot path counts GET, HEAD and conditional/range requests')

  // A path that needs decoding takes the slow path, which finds the fresh entry: also a hit.
  await app.inject('/with%20space.txt')
  await app.inject('/with%20space.txt')
  t.same(app.staticMetrics.hotCache, { hits: 4, misses: 2, bytes: 2 * (1024 + ENTRY_OVERHEAD), entries: 2, evictions: 0 })

  t.equal((await app.inject('/missing.txt')).statusCode, 404)
  t.equal(app.staticMetrics.hotCache.misses, 3, 'a file that is not there is a miss')
  t.equal(app.staticMetrics.disk.served, 0, 'nothing came from the disk path')
})

t.test('a stale entry whose stat has not changed is a hit; one whose file changed is a miss', async t => {
  const root = t.testdir({ 'a.txt': 'first' })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, hotCache: { revalidateMs: 0 } })
  await app.inject('/a.txt')
  await app.inject('/a.txt')
  t.same(app.staticMetrics.hotCache, { hits: 1, misses: 1, bytes: 5 + ENTRY_OVERHEAD, entries: 1, evictions: 0 })
  writeFileSync(path.join(root, 'a.txt'), 'second, longer')
  t.equal((await app.inject('/a.txt')).body, 'second, longer')
  t.same(app.staticMetrics.hotCache, { hits: 1, misses: 2, bytes: 14 + ENTRY_OVERHEAD, entries: 1, evictions: 0 }, 'replaced, not evicted')
})

t.test('under a small maxBytes, entries are evicted and counted, and the bytes held stay within it', async t => {
  const root = t.testdir({ 'a.txt': KIB, 'b.txt': KIB, 'c.txt': KIB, 'd.txt': KIB })
  const maxBytes = 2 * (1024 + ENTRY_OVERHEAD)
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, hotCache: { maxBytes, revalidateMs: 60_000 } })
  for (const name of ['a', 'b', 'c', 'd']) await app.inject(`/${name}.txt`)
  t.same(app.staticMetrics.hotCache, { hits: 0, misses: 4, bytes: maxBytes, entries: 2, evictions: 2 })
  await app.inject('/a.txt')
  t.same(app.staticMetrics.hotCache, { hits: 0, misses: 5, bytes: maxBytes, entries: 2, evictions: 3 }, 'a was evicted: read again')
})

t.test('a file over maxFileSize is a miss served by the disk path', async t => {
  const root = t.testdir({ 'big.txt': 'b'.repeat(2000) })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, hotCache: { maxFileSize: 1000 } })
  await app.inject('/big.txt')
  await app.inject('/big.txt')
  t.same(app.staticMetrics, {
    hotCache: { hits: 0, misses: 2, bytes: 0, entries: 0, evictions: 0 },
    disk: { served: 2, sendFallbacks: 0, changedDuringDownload: 0 }
  })
})

t.test('closing the app empties the cache: bytes and entries go to 0, the counts stay', async t => {
  const root = t.testdir({ 'a.txt': KIB })
  const app = Fastify()
  await app.register(staticFiles, { root })
  await app.inject('/a.txt')
  await app.inject('/a.txt')
  await app.close()
  t.same(app.staticMetrics.hotCache, { hits: 1, misses: 1, bytes: 0, entries: 0, evictions: 0 })
})

t.test('each read is a fresh object', async t => {
  const root = t.testdir({ 'a.txt': KIB })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root })
  const before = app.staticMetrics
  await app.inject('/a.txt')
  t.not(app.staticMetrics, before)
  t.equal(before.hotCache.misses, 0, 'a snapshot does not move')
})
