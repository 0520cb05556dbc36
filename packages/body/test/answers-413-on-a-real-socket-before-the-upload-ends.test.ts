import t from 'tap'
import { connect } from 'node:net'
import Fastify from 'fastify'
import body from '../src/index.js'

t.test('an oversized upload gets its 413 while the client is still sending, and aborts are harmless', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { bodyLimit: 64 * 1024 })
  let handled = 0
  app.post('/', async (request) => { handled++; return { length: (request.body as Buffer).length } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }

  const reply = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', chunk => {
      received += chunk.toString()
      if (received.includes('\r\n\r\n') && received.includes('}')) { socket.destroy(); resolve(received) }
    })
    socket.on('error', reject)
    // Declare 10 MiB but send only the headers and one small chunk: the answer must not wait for the rest.
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${10 * 1024 * 1024}\r\n\r\n`)
    socket.write(Buffer.alloc(1024))
  })
  t.match(reply, /^HTTP\/1\.1 413 /)
  t.match(reply, /"code":"GW_BODY_TOO_LARGE"/)
  t.match(reply.toLowerCase(), /connection: close/)

  await new Promise<void>(resolve => {
    const socket = connect(port, '127.0.0.1')
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n' + 'x'.repeat(1024) + '\r\n')
    setTimeout(() => { socket.destroy(); resolve() }, 50)
  })
  await new Promise(resolve => setTimeout(resolve, 50))

  const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'still fine' })
  t.same(await response.json(), { length: 10 })
  t.equal(handled, 1, 'the aborted upload never reached the handler')
})
