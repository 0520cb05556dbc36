import t from 'tap'
import { mkdtempSync, realpathSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createServer } from 'node:net'
import { once } from 'node:events'
import { isInside, lookupFile, signatureOf } from '../src/file-lookup.js'

t.test('isInside', async t => {
  t.ok(isInside('/srv/site', '/srv/site/a'))
  t.notOk(isInside('/srv/site', '/srv/site2/a'))
  t.notOk(isInside('/srv/site', '/srv/site'))
  t.ok(isInside('/', '/etc'))
})

t.test('lookupFile', async t => {
  const dir = realpathSync(t.testdir({ root: { 'a.txt': 'a', sub: {} }, outside: 'x' }))
  const root = path.join(dir, 'root')
  symlinkSync(root, path.join(root, 'self'))
  symlinkSync(path.join(dir, 'outside'), path.join(root, 'out'))
  t.equal((await lookupFile(root, '')).kind, 'directory')
  t.equal((await lookupFile(root, 'self')).kind, 'directory')
  t.equal((await lookupFile(root, 'sub')).kind, 'directory')
  t.equal((await lookupFile(root, 'a.txt')).kind, 'file')
  t.equal((await lookupFile(root, 'out')).kind, 'missing')
  t.equal((await lookupFile(root, 'nope')).kind, 'missing')
  t.equal(signatureOf(undefined), '-')
})

t.test('a special file (here a Unix socket) is never served', async t => {
  // A short directory: socket paths are limited to about 107 bytes, and tap's fixture paths are longer.
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'gws-')))
  t.teardown(() => rmSync(root, { recursive: true, force: true }))
  const server = createServer()
  server.listen(path.join(root, 'sock'))
  await once(server, 'listening')
  t.teardown(() => server.close())
  t.ok(statSync(path.join(root, 'sock')).isSocket())
  t.equal((await lookupFile(root, 'sock')).kind, 'missing')
})
