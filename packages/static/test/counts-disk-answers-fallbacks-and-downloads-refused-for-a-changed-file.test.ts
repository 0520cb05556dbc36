import t from 'tap'
import Fastify from 'fastify'
import http from 'node:http'
import { mkdirSync, truncateSync, unlinkSync } from 'node:fs'
import path from 'node:path'
import staticFiles from '../src/index.js'

const DIGITS = '0123456789'

t.test('every answer of the disk fast path is counted, the bodiless ones included', async t => {
  const root = t.testdir({ 'digits.txt': DIGITS })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, hotCache: false })
  const plain = await app.inject('/digits.txt')
  await app.inject({ method: 'HEAD', url: '/digits.txt' })
  await app.inject({ url: '/digits.txt', headers: { range: 'bytes=2-5' } })
  t.equal((await app.inject({ url: '/digits.txt', headers: { 'if-none-match': plain.headers.etag as string } })).statusCode, 304)
  t.equal((await app.inject({ url: '/digits.txt', headers: { range: 'bytes=50-' } })).statusCode, 416)
  t.equal((await app.inject('/missing.txt')).statusCode, 404)
  t.same(app.staticMetrics, {
    hotCache: { hits: 0, misses: 0, bytes: 0, entries: 0, evictions: 0 },
    disk: { served: 5, sendFallbacks: 0, changedDuringDownload: 0 }
  }, 'no hot cache: no lookup to count; a missing file is not a disk answer')
})

t.test('a file the fast path cannot open as a regular file is counted as handed to @fastify/send', async t => {
  const root = t.testdir({ 'big.txt': DIGITS.repeat(10) })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, hotCache: { maxFileSize: 1, revalidateMs: 60_000 } })
  await app.inject('/big.txt')
  unlinkSync(path.join(root, 'big.txt'))
  mkdirSync(path.join(root, 'big.txt'))
  t.equal((await app.inject('/big.txt')).statusCode, 404)
  t.same(app.staticMetrics.disk, { served: 1, sendFallbacks: 1, changedDuringDownload: 0 })
})

t.test('over a real socket, a download whose file is truncated under it is counted as refused', async t => {
  // Larger than what loopback socket buffers hold, so the paused client stalls the download well before its end.
  const size = 16 * 1024 * 1024
  const root = t.testdir({ 'video.bin': Buffer.alloc(size, 'a') })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as { port: number }
  const complete = await new Promise<boolean>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/video.bin', agent: false }, response => {
      response.once('data', () => {
        response.pause()
        truncateSync(path.join(root, 'video.bin'), size / 2)
        response.resume()
      })
      response.resume()
      response.on('end', () => resolve(response.complete))
      response.on('aborted', () => resolve(false))
      response.on('error', () => resolve(false))
    }).on('error', reject)
  })
  t.notOk(complete, 'cut short')
  t.same(app.staticMetrics.disk, { served: 1, sendFallbacks: 0, changedDuringDownload: 1 })
})
