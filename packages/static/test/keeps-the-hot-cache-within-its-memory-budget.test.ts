import t from 'tap'
import Fastify from 'fastify'
import staticFiles from '../src/index.js'
import { HotCache, ENTRY_OVERHEAD } from '../src/hot-cache.js'

const policy = { immutablePattern: false as const, maxAge: 0, precompressed: true }

t.test('entries are evicted least recently used first and the budget is never exceeded', async t => {
  const kib = 'x'.repeat(1024)
  const root = t.testdir({ 'a.txt': kib, 'b.txt': kib, 'c.txt': kib, 'big.txt': 'y'.repeat(5000), 'd.txt': 'd'.repeat(3000), 'd.txt.gz': 'g'.repeat(3000) })
  const budget = 2 * (1024 + ENTRY_OVERHEAD)
  const cache = new HotCache({ realRoot: root, maxFileSize: 4096, maxBytes: budget, revalidateMs: 0, policy })

  const kindOf = async (rel: string) => (await cache.resolve(rel)).kind
  t.equal(await kindOf('a.txt'), 'entry')
  t.equal(await kindOf('b.txt'), 'entry')
  t.equal(await kindOf('a.txt'), 'entry') // a is now the most recently used
  t.equal(await kindOf('c.txt'), 'entry') // evicts b
  t.same([...cache.entries.keys()].sort(), ['a.txt', 'c.txt'])
  t.ok(cache.bytes <= budget)
  t.equal(await kindOf('big.txt'), 'disk', 'larger than maxFileSize')
  t.equal(await kindOf('d.txt'), 'disk', 'with its sibling it does not fit the budget at all')
  t.equal(await kindOf('missing.txt'), 'missing')
  t.equal(await kindOf(''), 'directory')
  t.ok(cache.bytes <= budget)
  cache.clear()
  t.equal(cache.bytes, 0)
  t.equal(cache.entries.size, 0)
})

t.test('many distinct files never push the cache over budget', async t => {
  const files: Record<string, string> = {}
  for (let i = 0; i < 300; i++) files[`f${i}.txt`] = 'z'.repeat(100 + i)
  const root = t.testdir(files)
  const maxBytes = 20 * (300 + ENTRY_OVERHEAD)
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, hotCache: { maxBytes, maxFileSize: 1024 } })
  let max = 0
  const cache = new HotCache({ realRoot: root, maxFileSize: 1024, maxBytes, revalidateMs: 1000, policy })
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 300; i++) {
      const res = await app.inject(`/f${i}.txt`)
      t.equal(res.body.length, 100 + i)
      await cache.resolve(`f${i}.txt`)
      max = Math.max(max, cache.bytes)
    }
  }
  t.ok(max <= maxBytes, `peak ${max} <= ${maxBytes}`)
})

t.test('files above maxFileSize are streamed from disk with the same headers', async t => {
  const root = t.testdir({ 'big.txt': 'b'.repeat(2000), 'big.txt.gz': 'g'.repeat(1500) })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, hotCache: { maxFileSize: 1000 } })
  const res = await app.inject('/big.txt')
  t.equal(res.statusCode, 200)
  t.equal(res.body.length, 2000)
  t.equal(res.headers['content-type'], 'text/plain; charset=utf-8')
  t.equal(res.headers['x-content-type-options'], 'nosniff')
  t.equal(res.headers['cache-control'], 'public, max-age=0')
  const gz = await app.inject({ url: '/big.txt', headers: { 'accept-encoding': 'gzip' } })
  t.equal(gz.headers['content-encoding'], 'gzip')
  t.equal(gz.body, 'g'.repeat(1500))
})

t.test('a small file with a sibling above maxFileSize goes to disk', async t => {
  const root = t.testdir({ 'a.txt': 'small', 'a.txt.br': 'B'.repeat(3000) })
  const cache = new HotCache({ realRoot: root, maxFileSize: 1000, maxBytes: 1 << 20, revalidateMs: 1000, policy })
  t.equal((await cache.resolve('a.txt')).kind, 'disk')
})
