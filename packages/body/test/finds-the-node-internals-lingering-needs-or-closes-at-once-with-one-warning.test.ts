import t, { type Test } from 'tap'
import { once } from 'node:events'
import { createServer as createHttpServer } from 'node:http'
import { connect, createServer, type AddressInfo, type Socket } from 'node:net'
import { Writable } from 'node:stream'
import Fastify, { type FastifyInstance } from 'fastify'
import type { BodyOptions } from '../src/index.js'
import * as linger from '../src/linger.js'
import type { LingerSettings } from '../src/linger.js'
import * as internals from '../src/node-internals.js'

const { nodeInternals, PRIVATE, probeNodeInternals, PUBLIC } = internals

t.test('this Node has both internals: the probe finds them and the private accessors are used, without a fallback', async t => {
  t.same(probeNodeInternals(), { socketResponse: true, destroySoonOnFinish: true })
  t.same(nodeInternals(), { internals: PRIVATE, fallback: undefined })
})

t.test('the private accessors name the response on a real socket and take back the destroy destroySoon queued', async t => {
  const http = createHttpServer((request, response) => {
    t.equal(PRIVATE.responseOf(request), response, 'the response being written on the request socket')
    response.end('ok')
  })
  t.teardown(() => { http.close() })
  await once(http.listen(0, '127.0.0.1'), 'listening')
  const answer = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`)
  t.equal(await answer.text(), 'ok')

  const tcp = createServer({ allowHalfOpen: true })
  t.teardown(() => { tcp.close() })
  await once(tcp.listen(0, '127.0.0.1'), 'listening')
  const client = connect({ port: (tcp.address() as AddressInfo).port, host: '127.0.0.1', allowHalfOpen: true })
  t.teardown(() => { client.destroy() })
  const [server] = await once(tcp, 'connection') as [Socket & { destroySoon: () => void }]
  server.destroySoon()
  t.equal(PRIVATE.cancelQueuedDestroy(server), true, 'taken back')
  t.equal(PRIVATE.cancelQueuedDestroy(server), false, 'nothing left to take back')
  await once(server, 'finish')
  client.write('still read')
  const [chunk] = await once(server, 'data') as [Buffer]
  t.equal(chunk.toString(), 'still read', 'the socket stays readable after its FIN')
  t.notOk(server.destroyed)
  server.destroy()
})

t.test('a Node without either internal gets the public fallback, which lingers never, and the reason', async t => {
  t.same(nodeInternals({ socketResponse: false, destroySoonOnFinish: true }), {
    internals: PUBLIC,
    fallback: "this Node does not expose the socket's response (socket._httpMessage)"
  })
  t.same(nodeInternals({ socketResponse: true, destroySoonOnFinish: false }), {
    internals: PUBLIC,
    fallback: 'this Node does not expose the destroy() that socket.destroySoon() queues'
  })
  t.same(nodeInternals({ socketResponse: false, destroySoonOnFinish: false }), {
    internals: PUBLIC,
    fallback: "this Node does not expose the socket's response (socket._httpMessage) or the destroy() that socket.destroySoon() queues"
  })
  const socket = new (await import('node:net')).Socket()
  t.teardown(() => { socket.destroy() })
  t.equal(PUBLIC.responseOf({ socket } as never), undefined)
  t.equal(PUBLIC.cancelQueuedDestroy(socket), false)
})

const MiB = 1024 * 1024

/** The plugin on a real server, with the Node internals it finds (the real ones, or the fallback forced), logging warnings to `warnings`. */
async function serve (t: Test, options: BodyOptions, { fallback }: { fallback: boolean }) {
  let probes = 0
  const { default: body } = fallback
    ? await t.mockImport<typeof import('../src/index.js')>('../src/index.js', {
      // What a Node without socket._httpMessage would find (mocking linger.js, which index.ts
      // imports, reaches the probe: the mock service cannot follow .js imports to .ts files).
      '../src/linger.js': {
        ...linger,
        setUpLingering: (fastify: FastifyInstance, settings: LingerSettings | false) => linger.setUpLingering(fastify, settings, () => {
          probes++
          return nodeInternals({ socketResponse: false, destroySoonOnFinish: true })
        })
      }
    })
    : await import('../src/index.js')
  const warnings: string[] = []
  const stream = new Writable({
    write (line: Buffer, _encoding, callback) {
      const entry = JSON.parse(line.toString()) as { level: number, msg: string }
      if (entry.level === 40) warnings.push(entry.msg)
      callback()
    }
  })
  const app = Fastify({ logger: { level: 'warn', stream } })
  t.teardown(() => app.close())
  await app.register(body, { bodyLimit: 64 * 1024, ...options })
  app.post('/', async (request) => ({ length: (request.body as Buffer).length }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, port: (app.server.address() as AddressInfo).port, warnings, probes }
}

/** Declares 4 MiB, sends 128 KiB, then stalls. Resolves once the 413 has arrived, with the server's end of the connection. */
async function stalledUpload (t: Test, app: Awaited<ReturnType<typeof serve>>['app'], port: number) {
  const accepted = once(app.server, 'connection') as Promise<[Socket]>
  const client = connect({ port, host: '127.0.0.1', allowHalfOpen: true })
  t.teardown(() => { client.destroy() })
  client.on('error', () => {})
  client.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${4 * MiB}\r\n\r\n`)
  client.write(Buffer.alloc(128 * 1024))
  const [answer] = await once(client, 'data') as [Buffer]
  const [server] = await accepted
  return { answer: answer.toString('latin1'), server }
}

t.test('with the internals, a stalled upload lingers after its 413 and nothing is logged', async t => {
  const { app, port, warnings } = await serve(t, { linger: { timeoutMs: 600_000 } }, { fallback: false })
  t.same(warnings, [])
  const { answer, server } = await stalledUpload(t, app, port)
  t.match(answer, /^HTTP\/1\.1 413 /)
  await new Promise(resolve => setTimeout(resolve, 200))
  t.notOk(server.destroyed, 'still open, reading the rest of the body')
})

t.test('forced to the fallback, the plugin warns once through fastify.log and the 413 closes its connection at once', async t => {
  const { app, port, warnings, probes } = await serve(t, { linger: { timeoutMs: 600_000 } }, { fallback: true })
  t.same(warnings, [
    "@groundwork/body: lingering close is off: this Node does not expose the socket's response (socket._httpMessage), so a body rejected while still arriving (413, 415) closes its connection at once, as with linger: false"
  ])
  const { answer, server } = await stalledUpload(t, app, port)
  t.match(answer, /^HTTP\/1\.1 413 /)
  t.match(answer, /"code":"GW_BODY_TOO_LARGE"/)
  // Lingering would keep it open for the 10-minute linger timeout.
  if (!server.destroyed) await Promise.race([once(server, 'close'), new Promise(resolve => setTimeout(resolve, 5000))])
  t.ok(server.destroyed, 'closed by Node without waiting for the rest of the body')
  t.equal(warnings.length, 1, 'one warning, not one per request')
  t.equal(probes, 1, 'probed once, at register time')
})

t.test('with linger: false nothing is probed and nothing is logged, even where Node lacks the internals', async t => {
  const { warnings, probes } = await serve(t, { linger: false }, { fallback: true })
  t.same(warnings, [])
  t.equal(probes, 0)
})
