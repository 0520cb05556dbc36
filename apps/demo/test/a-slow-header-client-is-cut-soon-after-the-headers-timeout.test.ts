import t from 'tap'
import net from 'node:net'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

const headersTimeoutMs = 2000
// Node cuts at its first connections check after the limit: the demo's interval comes from keep-alive's
// serverOptions(), a fraction of a second here, so the cut comes well within this.
const slackMs = 1500
const dribbleMs = 300

t.test('HEADERS_TIMEOUT_MS=2000: a client dribbling its headers is answered 408 and closed within 2 s + 1.5 s', async t => {
  const app = await buildApp(loadConfig({ HEADERS_TIMEOUT_MS: String(headersTimeoutMs) }))
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as net.AddressInfo

  const header = 'GET /api/users HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(1000)
  const socket = net.connect({ port, host: '127.0.0.1' })
  t.teardown(() => socket.destroy())
  let received = ''
  socket.setEncoding('utf8')
  socket.on('data', chunk => { received += chunk })
  socket.on('error', () => { /* a reset is a close too: measured below */ })
  await new Promise(resolve => socket.once('connect', resolve))
  const openedAt = performance.now()
  let sent = 0
  const dribble = setInterval(() => {
    if (socket.writable) socket.write(header[sent++ % header.length]!)
  }, dribbleMs)
  t.teardown(() => clearInterval(dribble))
  socket.write(header[sent++]!)

  const lifetimeMs = await new Promise<number>(resolve => {
    // Far past the bound, so a late cut is measured and reported rather than hanging the test.
    const giveUp = setTimeout(() => resolve(Number.POSITIVE_INFINITY), headersTimeoutMs + 35_000)
    socket.once('close', () => { clearTimeout(giveUp); resolve(performance.now() - openedAt) })
  })
  clearInterval(dribble)
  t.comment(`slow-header socket closed after ${Math.round(lifetimeMs)} ms (headersTimeout ${headersTimeoutMs} ms), ${sent} bytes sent`)
  t.ok(lifetimeMs >= headersTimeoutMs - 50, `not cut before the headers timeout (lived ${Math.round(lifetimeMs)} ms)`)
  t.ok(lifetimeMs <= headersTimeoutMs + slackMs, `cut within ${headersTimeoutMs + slackMs} ms, lived ${Math.round(lifetimeMs)} ms`)
  t.match(received, /^HTTP\/1\.1 408 /, 'told why: 408 Request Timeout')
})
