import t, { type Test } from 'tap'
import Fastify from 'fastify'
import http from 'node:http'
import { readdirSync, renameSync, truncateSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import staticFiles from '../src/index.js'

// Larger than what loopback socket buffers hold, so a paused client stalls the download well before its end.
const SIZE = 16 * 1024 * 1024

interface Download { status: number, contentLength: number, body: Buffer, complete: boolean }

/** GET over a real socket; after the first bytes the client pauses, `meanwhile` runs, and the client reads on. */
function download (port: number, url: string, meanwhile: () => void | Promise<void>): Promise<Download> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: url, agent: false }, response => {
      const chunks: Buffer[] = []
      let first = true
      response.on('data', async (chunk: Buffer) => {
        chunks.push(chunk)
        if (!first) return
        first = false
        response.pause()
        await meanwhile()
        response.resume()
      })
      const done = () => resolve({
        status: response.statusCode as number,
        contentLength: Number(response.headers['content-length']),
        body: Buffer.concat(chunks),
        complete: response.complete
      })
      response.on('end', done)
      response.on('aborted', done)
      response.on('error', done)
    })
    request.on('error', reject)
  })
}

async function serve (t: Test) {
  const root = t.testdir({ 'video.bin': Buffer.alloc(SIZE, 'a') })
  const app = Fastify()
  t.teardown(() => app.close())
  // Default options: a 16 MiB file is over hotCache.maxFileSize and streams from disk.
  await app.register(staticFiles, { root })
  await app.listen({ host: '127.0.0.1', port: 0 })
  return { file: path.join(root, 'video.bin'), root, port: (app.server.address() as { port: number }).port }
}

const onlyByte = (body: Buffer, byte: string) => body.every(value => value === byte.charCodeAt(0))

t.test('a file rewritten in place during a download: the download is cut short, never completed with mixed bytes', async t => {
  const { file, port } = await serve(t)
  const result = await download(port, '/video.bin', () => { writeFileSync(file, Buffer.alloc(SIZE, 'b')) })
  t.equal(result.status, 200)
  t.equal(result.contentLength, SIZE)
  t.notOk(result.complete, 'the response ends short of Content-Length: the client knows it is not the file')
  t.ok(result.body.length < SIZE)
  t.ok(result.body.subarray(0, 1024).every(value => value === 0x61), 'what left before the change is the old bytes')
})

t.test('a file truncated during a download: the download is cut short', async t => {
  const { file, port } = await serve(t)
  const result = await download(port, '/video.bin', () => { truncateSync(file, SIZE / 2) })
  t.notOk(result.complete)
  t.ok(result.body.length < SIZE)
})

t.test('a file replaced by rename during a download: the download completes with the old bytes only', async t => {
  const { file, root, port } = await serve(t)
  const result = await download(port, '/video.bin', () => {
    const next = path.join(root, 'video.bin.next')
    writeFileSync(next, Buffer.alloc(SIZE, 'c'))
    renameSync(next, file)
  })
  t.ok(result.complete)
  t.equal(result.body.length, SIZE)
  t.ok(onlyByte(result.body, 'a'), 'old bytes, whole: the open descriptor still reads the old inode')
  const after = await download(port, '/video.bin', () => {})
  t.ok(after.complete)
  t.ok(onlyByte(after.body, 'c'), 'the next download gets the new file')
})

t.test('a client that leaves during a download does not leave the file open', async t => {
  const { port } = await serve(t)
  const openFiles = () => readdirSync('/proc/self/fd').length
  const before = openFiles()
  await new Promise<void>(resolve => {
    const request = http.get({ host: '127.0.0.1', port, path: '/video.bin', agent: false }, response => {
      response.once('data', () => { request.destroy(); resolve() })
    })
  })
  const deadline = Date.now() + 5000
  while (openFiles() > before && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20))
  t.ok(openFiles() <= before, 'the descriptor of the download was closed')
})
