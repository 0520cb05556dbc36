import t, { type Test } from 'tap'
import { connect, type Socket } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import body, { type BodyOptions } from '../src/index.js'

const MiB = 1024 * 1024

interface Upload {
  /** everything the server sent */
  response: string
  /** every byte of the declared body was handed to the kernel */
  wroteAll: boolean
  /** the socket error the client saw, if any (ECONNRESET, EPIPE) */
  error: string | undefined
}

/**
 * A client that sends a `length`-byte body as fast as the socket takes it, reading the answer
 * meanwhile, the way curl or nginx upload a body.
 */
async function upload (port: number, { type = 'application/octet-stream', length }: { type?: string, length: number }): Promise<Upload> {
  return await new Promise(resolve => {
    // Half-open, like curl and nginx: the server's FIN after its answer does not stop the upload.
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true })
    const outcome: Upload = { response: '', wroteAll: false, error: undefined }
    socket.on('data', chunk => { outcome.response += chunk.toString('latin1') })
    socket.on('error', error => { outcome.error = (error as NodeJS.ErrnoException).code ?? error.message })
    socket.on('close', () => { resolve(outcome) })
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\n\r\n`)
    const chunk = Buffer.alloc(64 * 1024)
    let sent = 0
    const pump = (): void => {
      while (sent < length && !socket.destroyed) {
        const size = Math.min(chunk.length, length - sent)
        sent += size
        if (!socket.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
          socket.once('drain', pump)
          return
        }
      }
      if (sent === length) {
        outcome.wroteAll = true
        socket.end()
      }
    }
    pump()
  })
}

async function serve (t: Test, options: BodyOptions) {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { bodyLimit: 64 * 1024, ...options })
  app.post('/', async (request) => ({ length: (request.body as Buffer).length }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, port: (app.server.address() as { port: number }).port }
}

t.test('a client still sending after its 413 sends the rest, reads the 413 and sees a clean close', async t => {
  const { port } = await serve(t, {})
  // 32 MiB: more than the kernel can buffer between the two ends, so without lingering the client meets a reset.
  const outcome = await upload(port, { length: 32 * MiB })
  t.match(outcome.response, /^HTTP\/1\.1 413 /)
  t.match(outcome.response, /"code":"GW_BODY_TOO_LARGE"/)
  t.ok(outcome.wroteAll, 'the whole body was sent')
  t.equal(outcome.error, undefined, 'no reset')
})

t.test('an unsupported media type still arriving lingers the same way (415)', async t => {
  const { port } = await serve(t, {})
  const outcome = await upload(port, { type: 'application/x-unknown', length: 32 * MiB })
  t.match(outcome.response, /^HTTP\/1\.1 415 /)
  t.ok(outcome.wroteAll, 'the whole body was sent')
  t.equal(outcome.error, undefined, 'no reset')
})

t.test('with linger: false the socket is closed at once and the client sending meets a reset', async t => {
  const { port } = await serve(t, { linger: false })
  const outcome = await upload(port, { length: 32 * MiB })
  t.ok(!outcome.wroteAll || outcome.error !== undefined, `closed under the client (wrote all: ${outcome.wroteAll}, error: ${outcome.error})`)
})

/**
 * A client that declares 4 MiB, sends 128 KiB and then waits (a stalled upload). Resolves with the
 * server's end of the connection once the answer has arrived.
 */
async function stalledUpload (t: Test, app: FastifyInstance, port: number) {
  const accepted = new Promise<Socket>(resolve => { app.server.once('connection', resolve) })
  const client = connect({ port, host: '127.0.0.1', allowHalfOpen: true })
  t.teardown(() => { client.destroy() })
  client.on('error', () => {})
  client.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${4 * MiB}\r\n\r\n`)
  client.write(Buffer.alloc(128 * 1024))
  const answer = await new Promise<string>(resolve => { client.once('data', chunk => { resolve(chunk.toString('latin1')) }) })
  const server = await accepted
  return { answer, server, answeredAt: performance.now() }
}

async function closed (socket: Socket): Promise<number> {
  if (!socket.destroyed) await new Promise(resolve => socket.once('close', resolve))
  return performance.now()
}

t.test('a client that stops sending is closed after linger.timeoutMs, not before', async t => {
  const { app, port } = await serve(t, { linger: { timeoutMs: 300 } })
  const { answer, server, answeredAt } = await stalledUpload(t, app, port)
  t.match(answer, /^HTTP\/1\.1 413 /)
  t.notOk(server.destroyed, 'still open once the answer arrived')
  // The timer starts once the answer is written, just before the client reads it.
  const after = await closed(server) - answeredAt
  t.ok(after >= 250, `closed ${Math.round(after)} ms after the answer`)
})

t.test('closing the app ends a lingering socket instead of waiting for its timeout', async t => {
  const { app, port } = await serve(t, { linger: { timeoutMs: 600_000 } })
  const { answer, server } = await stalledUpload(t, app, port)
  t.match(answer, /^HTTP\/1\.1 413 /)
  t.notOk(server.destroyed, 'lingering')
  const started = performance.now()
  await app.close()
  const after = await closed(server) - started
  t.ok(after < 60_000, `closed ${Math.round(after)} ms after app.close()`)
})
