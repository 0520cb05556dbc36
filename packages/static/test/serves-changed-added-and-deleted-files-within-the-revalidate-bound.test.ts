import t from 'tap'
import Fastify from 'fastify'
import { writeFileSync, unlinkSync, renameSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import path from 'node:path'
import staticFiles from '../src/index.js'

// Generous margin over revalidateMs: the bound is checked, not the exact timing, on a loaded machine.
const REVALIDATE_MS = 100
const WAIT_MS = REVALIDATE_MS + 150

t.test('a changed file is served fresh after revalidateMs, never a mix of versions', async t => {
  const root = t.testdir({ 'a.txt': 'version-1' })
  const file = path.join(root, 'a.txt')
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, hotCache: { revalidateMs: REVALIDATE_MS } })

  t.equal((await app.inject('/a.txt')).body, 'version-1')
  writeFileSync(file, 'version-2') // same size, new content
  await sleep(WAIT_MS)
  const second = await app.inject('/a.txt')
  t.equal(second.body, 'version-2')
  t.equal(second.headers['content-length'], '9')

  // An atomic replace (write + rename), the way deploy tools do it.
  writeFileSync(file + '.tmp', 'version-three, longer')
  renameSync(file + '.tmp', file)
  await sleep(WAIT_MS)
  const third = await app.inject('/a.txt')
  t.equal(third.body, 'version-three, longer')
  t.equal(third.headers['content-length'], String('version-three, longer'.length))
})

t.test('an unchanged file stays cached across revalidations', async t => {
  const root = t.testdir({ 'a.txt': 'same' })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, hotCache: { revalidateMs: 1 } })
  const first = await app.inject('/a.txt')
  await sleep(20)
  const [second, third] = await Promise.all([app.inject('/a.txt'), app.inject('/a.txt')])
  t.equal(second.body, 'same')
  t.equal(third.body, 'same')
  t.equal(second.headers.etag, first.headers.etag)
})

t.test('added and deleted files are seen within the bound', async t => {
  const root = t.testdir({ 'gone.txt': 'here', 'x.js': 'js' })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, hotCache: { revalidateMs: REVALIDATE_MS } })

  t.equal((await app.inject('/new.txt')).statusCode, 404)
  writeFileSync(path.join(root, 'new.txt'), 'new')
  t.equal((await app.inject('/new.txt')).body, 'new', 'a file that was never cached is served at once')

  t.equal((await app.inject('/gone.txt')).body, 'here')
  unlinkSync(path.join(root, 'gone.txt'))
  await sleep(WAIT_MS)
  t.equal((await app.inject('/gone.txt')).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: '/gone.txt' })).statusCode, 404)

  t.equal((await app.inject({ url: '/x.js', headers: { 'accept-encoding': 'br' } })).headers['content-encoding'], undefined)
  writeFileSync(path.join(root, 'x.js.br'), 'brotli')
  await sleep(WAIT_MS)
  const br = await app.inject({ url: '/x.js', headers: { 'accept-encoding': 'br' } })
  t.equal(br.headers['content-encoding'], 'br', 'a new precompressed sibling is picked up')
  t.equal(br.body, 'brotli')
})

t.test('revalidateMs: 0 checks the disk on every request', async t => {
  const root = t.testdir({ 'a.txt': 'one' })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, hotCache: { revalidateMs: 0 } })
  t.equal((await app.inject('/a.txt')).body, 'one')
  writeFileSync(path.join(root, 'a.txt'), 'two!')
  t.equal((await app.inject('/a.txt')).body, 'two!')
})
