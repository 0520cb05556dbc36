import t from 'tap'
import Fastify from 'fastify'
import fs, { mkdirSync, unlinkSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import path from 'node:path'
import staticFiles from '../src/index.js'

const DIGITS = '0123456789'

t.test('a remembered large file that became a directory is not served: @fastify/send answers 404', async t => {
  const root = t.testdir({ 'big.txt': DIGITS.repeat(10) })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, hotCache: { maxFileSize: 1, revalidateMs: 60_000 } })
  t.equal((await app.inject('/big.txt')).statusCode, 200)
  unlinkSync(path.join(root, 'big.txt'))
  mkdirSync(path.join(root, 'big.txt'))
  const response = await app.inject('/big.txt')
  t.equal(response.statusCode, 404)
  t.equal(response.json().statusCode, 404)
})

t.test('a file the fast path cannot open or stat is served by @fastify/send, with the same range answers', async t => {
  const root = t.testdir({ 'digits.txt': DIGITS })
  const target = path.join(root, 'digits.txt')
  const originalOpen = fs.open
  const originalFstat = fs.fstat
  let failing: 'open' | 'fstat' = 'open'
  // The fast path opens with (path, 'r', callback) and stats the descriptor with bigint; @fastify/send opens with a
  // mode and stats the path, so only the fast path fails here.
  fs.open = function (file: fs.PathLike, ...rest: unknown[]) {
    const callback = rest.at(-1) as (err: Error | null, fd?: number) => void
    if (failing === 'open' && file === target && rest.length === 2) return callback(Object.assign(new Error('EMFILE'), { code: 'EMFILE' }))
    return (originalOpen as (...args: unknown[]) => void)(file, ...rest)
  } as typeof fs.open
  fs.fstat = function (fd: number, ...rest: unknown[]) {
    const callback = rest.at(-1) as (err: Error | null) => void
    if (failing === 'fstat' && (rest[0] as { bigint?: boolean } | undefined)?.bigint === true) return callback(Object.assign(new Error('EIO'), { code: 'EIO' }))
    return (originalFstat as (...args: unknown[]) => void)(fd, ...rest)
  } as typeof fs.fstat
  syncBuiltinESMExports()
  t.teardown(() => {
    fs.open = originalOpen
    fs.fstat = originalFstat
    syncBuiltinESMExports()
  })

  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, hotCache: false })
  for (const mode of ['open', 'fstat'] as const) {
    failing = mode
    const plain = await app.inject('/digits.txt')
    t.equal(plain.statusCode, 200, `${mode} fails: served anyway`)
    t.equal(plain.body, DIGITS)
    t.equal(plain.headers['x-content-type-options'], 'nosniff')
    const etag = plain.headers.etag as string
    const cases: Array<[Record<string, string>, number, string | undefined, string]> = [
      [{ range: 'bytes=2-5' }, 206, 'bytes 2-5/10', '2345'],
      [{ range: 'bytes=0-1,5-6' }, 200, undefined, DIGITS],
      [{ range: 'bytes=10-' }, 416, 'bytes */10', ''],
      [{ range: 'bytes=0-1', 'if-none-match': etag }, 304, undefined, ''],
      [{ range: 'bytes=0-1', 'if-match': '"nope"' }, 412, undefined, '']
    ]
    for (const [headers, status, contentRange, body] of cases) {
      const response = await app.inject({ url: '/digits.txt', headers })
      t.equal(response.statusCode, status, `${mode} fails, ${JSON.stringify(headers)}: status`)
      t.equal(response.headers['content-range'], contentRange, `${JSON.stringify(headers)}: Content-Range`)
      if (status === 200 || status === 206) t.equal(response.body, body)
    }
  }
})
