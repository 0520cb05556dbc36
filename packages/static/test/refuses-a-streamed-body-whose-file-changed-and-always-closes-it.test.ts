import t, { type Test } from 'tap'
import Fastify from 'fastify'
import fs, { fstatSync, openSync, writeFileSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import path from 'node:path'
import { Writable } from 'node:stream'
import { ChunkPool } from '../src/chunk-pool.js'
import { CHUNK_SIZE, FileBody } from '../src/file-body.js'
import { DiskCounters } from '../src/metrics.js'
import { GW_STATIC_FILE_CHANGED } from '../src/index.js'

/** A writable that keeps what it is given; `fail` makes the write of that chunk (0-based) fail. */
function collector (fail?: number) {
  const chunks: Buffer[] = []
  const sink = new Writable({
    write (chunk: Buffer, _encoding, callback) {
      if (chunks.length === fail) return callback(new Error('socket gone'))
      chunks.push(Buffer.from(chunk))
      callback()
    }
  })
  return { sink, chunks }
}

// The file each test descriptor was opened on: once closed, its number may be handed out again at
// once (tap's own files, the next test's), so a descriptor counts as closed when it no longer names it.
const openedOn = new Map<number, { dev: number, ino: number }>()
const isClosed = (fd: number) => {
  try {
    const { dev, ino } = fstatSync(fd)
    const original = openedOn.get(fd)
    return original === undefined || original.dev !== dev || original.ino !== ino
  } catch {
    return true
  }
}
const settled = (body: FileBody) => new Promise<Error | undefined>(resolve => {
  body.once('error', resolve)
  body.once('close', () => resolve(undefined))
})
// A descriptor is closed and a buffer given back by callbacks that may land after the body settled:
// wait for them (up to 1 s, the assertion after it decides).
const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise(resolve => setTimeout(resolve, 5))
}

function fileOf (t: Test, bytes: Buffer | string) {
  const root = t.testdir({ 'f.bin': bytes })
  const file = path.join(root, 'f.bin')
  const fd = openSync(file, 'r')
  const { dev, ino } = fstatSync(fd)
  openedOn.set(fd, { dev, ino })
  return { file, fd, stats: fs.fstatSync(fd, { bigint: true }) }
}

t.test('bytes that no longer match the stat the headers were made from are refused before the last chunk leaves', async t => {
  const { file, fd, stats } = fileOf(t, 'old bytes')
  writeFileSync(file, 'new bytes, longer')
  const counters = new DiskCounters()
  const body = new FileBody(fd, 0, Number(stats.size) - 1, stats, new ChunkPool(CHUNK_SIZE, 1), counters)
  const { sink, chunks } = collector()
  body.pipe(sink)
  const error = await settled(body)
  t.ok(error instanceof GW_STATIC_FILE_CHANGED)
  t.equal(counters.changedDuringDownload, 1, 'the refusal is counted')
  t.equal((error as Error & { statusCode: number }).statusCode, 503)
  t.same(chunks, [], 'not one byte was written')
  await waitFor(() => isClosed(fd))
  t.ok(isClosed(fd))
})

t.test('piped without ending its destination (trailers), the body ends itself and gives its buffer back', async t => {
  const bytes = Buffer.alloc(CHUNK_SIZE + 10, 'x')
  const { fd, stats } = fileOf(t, bytes)
  const pool = new ChunkPool(CHUNK_SIZE, 1)
  const body = new FileBody(fd, 0, bytes.length - 1, stats, pool, new DiskCounters())
  const { sink, chunks } = collector()
  let ended = false
  body.on('end', () => { ended = true })
  body.pipe(sink, { end: false })
  t.equal(await settled(body), undefined)
  t.ok(ended)
  t.equal(sink.writableEnded, false, 'the destination is left open for its trailers')
  t.same(Buffer.concat(chunks), bytes)
  await waitFor(() => pool.idle === 1)
  t.equal(pool.idle, 1, 'the buffer is back in the pool once its last write is done')
  await waitFor(() => isClosed(fd))
  t.ok(isClosed(fd))
})

t.test('a body destroyed before it is piped writes nothing; one destroyed during a read closes its file after it', async t => {
  const { fd, stats } = fileOf(t, 'abc')
  const early = new FileBody(fd, 0, 2, stats, new ChunkPool(CHUNK_SIZE, 1), new DiskCounters())
  early.destroy()
  const { sink, chunks } = collector()
  t.equal(early.pipe(sink), sink)
  t.same(chunks, [])
  await waitFor(() => isClosed(fd))
  t.ok(isClosed(fd))

  const second = fileOf(t, 'abc')
  const during = new FileBody(second.fd, 0, 2, second.stats, new ChunkPool(CHUNK_SIZE, 1), new DiskCounters())
  during.pipe(collector().sink)
  during.destroy()
  t.notOk(isClosed(second.fd), 'the read in flight still owns it')
  await waitFor(() => isClosed(second.fd))
  t.ok(isClosed(second.fd))
})

t.test('a write that fails (the client left) destroys the body and closes its file', async t => {
  const bytes = Buffer.alloc(3 * CHUNK_SIZE, 'y')
  const { fd, stats } = fileOf(t, bytes)
  const body = new FileBody(fd, 0, bytes.length - 1, stats, new ChunkPool(CHUNK_SIZE, 1), new DiskCounters())
  const { sink, chunks } = collector(1)
  sink.on('error', () => {})
  body.pipe(sink)
  await settled(body)
  t.ok(body.destroyed)
  t.equal(chunks.length, 1)
  await waitFor(() => isClosed(fd))
  t.ok(isClosed(fd))
})

t.test('a read error fails the body', async t => {
  const root = t.testdir({ dir: {} })
  const fd = openSync(path.join(root, 'dir'), 'r')
  const stats = fs.fstatSync(fd, { bigint: true })
  const body = new FileBody(fd, 0, 9, stats, new ChunkPool(CHUNK_SIZE, 1), new DiskCounters())
  body.pipe(collector().sink)
  const error = await settled(body)
  t.match(error, { code: 'EISDIR' })
  await waitFor(() => isClosed(fd))
  t.ok(isClosed(fd))
})

t.test('the last stat failing, or the body destroyed while it runs, fails or stops the body and closes its file', async t => {
  const originalFstat = fs.fstat
  t.teardown(() => { fs.fstat = originalFstat; syncBuiltinESMExports() })
  const hook: { during?: () => void } = {}
  fs.fstat = function (fd: number, options: unknown, callback: (err: Error | null, stats?: unknown) => void) {
    if (hook.during !== undefined) hook.during()
    else return callback(Object.assign(new Error('EIO'), { code: 'EIO' }))
    return originalFstat(fd, options as { bigint: true }, callback as never)
  } as typeof fs.fstat
  syncBuiltinESMExports()

  const failing = fileOf(t, 'abc')
  const body = new FileBody(failing.fd, 0, 2, failing.stats, new ChunkPool(CHUNK_SIZE, 1), new DiskCounters())
  const { sink, chunks } = collector()
  body.pipe(sink)
  t.match(await settled(body), { code: 'EIO' })
  t.same(chunks, [])
  await waitFor(() => isClosed(failing.fd))
  t.ok(isClosed(failing.fd))

  const stopped = fileOf(t, 'abc')
  const destroyed = new FileBody(stopped.fd, 0, 2, stopped.stats, new ChunkPool(CHUNK_SIZE, 1), new DiskCounters())
  hook.during = () => destroyed.destroy()
  const second = collector()
  destroyed.pipe(second.sink)
  await waitFor(() => isClosed(stopped.fd))
  t.ok(isClosed(stopped.fd))
  t.same(second.chunks, [], 'nothing is written after the destroy')
})

t.test('through Fastify, a file that changed before any byte left is a 503 in the standard error shape', async t => {
  const { file, fd, stats } = fileOf(t, 'old bytes')
  writeFileSync(file, 'new bytes, longer')
  const app = Fastify()
  t.teardown(() => app.close())
  app.get('/f', (_request, reply) => reply.send(new FileBody(fd, 0, Number(stats.size) - 1, stats, new ChunkPool(CHUNK_SIZE, 1), new DiskCounters())))
  const response = await app.inject('/f')
  t.equal(response.statusCode, 503)
  t.same(response.json(), {
    statusCode: 503,
    code: 'GW_STATIC_FILE_CHANGED',
    error: 'Service Unavailable',
    message: 'The file changed while it was being read; retry the request'
  })
  await waitFor(() => isClosed(fd))
  t.ok(isClosed(fd))
})

t.test('the pool keeps at most its limit of idle buffers, and clear() empties it', async t => {
  const pool = new ChunkPool(16, 2)
  const a = pool.take()
  t.equal(a.length, 16)
  pool.give(a)
  t.equal(pool.take(), a, 'an idle buffer is reused')
  pool.give(a)
  pool.give(Buffer.alloc(16))
  pool.give(Buffer.alloc(16))
  t.equal(pool.idle, 2)
  pool.clear()
  t.equal(pool.idle, 0)
})
