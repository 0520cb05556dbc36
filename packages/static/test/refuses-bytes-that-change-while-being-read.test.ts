import t from 'tap'
import fsp from 'node:fs/promises'
import { writeFileSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import path from 'node:path'
import { HotCache } from '../src/hot-cache.js'

// Simulates a writer racing the reader: every open() of the watched file is followed by a write to it.
const originalOpen = fsp.open
let writes = 0
let target = ''
fsp.open = async function (...args: Parameters<typeof fsp.open>) {
  const handle = await originalOpen.apply(fsp, args)
  if (args[0] === target) {
    writes++
    writeFileSync(target, 'changing '.repeat(writes))
  }
  return handle
}
syncBuiltinESMExports()
t.teardown(() => {
  fsp.open = originalOpen
  syncBuiltinESMExports()
})

const policy = { immutablePattern: false as const, maxAge: 0, precompressed: false }

t.test('a file that keeps changing while it is read is never cached', async t => {
  const root = t.testdir({ 'hot.txt': 'initial' })
  target = path.join(root, 'hot.txt')
  const cache = new HotCache({ realRoot: root, maxFileSize: 1024, maxBytes: 1 << 20, revalidateMs: 1000, policy })
  const resolution = await cache.resolve('hot.txt')
  t.equal(resolution.kind, 'disk')
  t.equal(cache.entries.size, 0)
  t.ok(writes >= 3)
})

t.test('a file that grows past maxFileSize while it is opened goes to disk', async t => {
  const root = t.testdir({ 'grow.txt': 'x' })
  target = path.join(root, 'grow.txt')
  writes = 200 // the next write is 'changing ' * 201, far above maxFileSize
  const cache = new HotCache({ realRoot: root, maxFileSize: 100, maxBytes: 1 << 20, revalidateMs: 1000, policy })
  t.not((await cache.resolve('grow.txt')).kind, 'entry')
})

t.test('a file that disappears between lookup and open is not cached', async t => {
  const root = t.testdir({ 'a.txt': 'a' })
  target = ''
  const cache = new HotCache({ realRoot: root, maxFileSize: 100, maxBytes: 1 << 20, revalidateMs: 1000, policy })
  fsp.open = async () => { throw Object.assign(new Error('gone'), { code: 'ENOENT' }) }
  syncBuiltinESMExports()
  const resolution = await cache.resolve('a.txt')
  t.not(resolution.kind, 'entry')
  t.equal(cache.entries.size, 0)
})

t.test('a read whose length disagrees with fstat is refused', async t => {
  const root = t.testdir({ 'odd.txt': 'twelve bytes' })
  const file = path.join(root, 'odd.txt')
  fsp.open = async function (...args: Parameters<typeof fsp.open>) {
    const handle = await originalOpen.apply(fsp, args)
    if (args[0] === file) handle.readFile = (async () => Buffer.from('short')) as typeof handle.readFile
    return handle
  }
  syncBuiltinESMExports()
  const cache = new HotCache({ realRoot: root, maxFileSize: 100, maxBytes: 1 << 20, revalidateMs: 1000, policy })
  t.equal((await cache.resolve('odd.txt')).kind, 'disk')
})

t.test('a file deleted after the last failed attempt is missing', async t => {
  const root = t.testdir({ 'flaky.txt': 'x' })
  const file = path.join(root, 'flaky.txt')
  let attempts = 0
  fsp.open = async function (...args: Parameters<typeof fsp.open>) {
    if (args[0] === file && ++attempts === 3) await fsp.unlink(file)
    throw Object.assign(new Error('busy'), { code: 'EBUSY' })
  }
  syncBuiltinESMExports()
  const cache = new HotCache({ realRoot: root, maxFileSize: 100, maxBytes: 1 << 20, revalidateMs: 1000, policy })
  t.equal((await cache.resolve('flaky.txt')).kind, 'missing')
})
