// The headers limit over TLS: HTTPS, and HTTP/1.1 on the h2 port (allowHTTP1). The clock starts
// once the handshake is done, as a client's first header byte can only come after it.
import t from 'tap'
import { connect } from 'node:tls'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { makeCertificate } from './helpers/tls.js'

const headersTimeoutMs = 2000
// As over plain HTTP: Node cuts at its first connections check after the limit, and the interval
// comes from keep-alive's serverOptions(), a fraction of a second here.
const slackMs = 1500
const dribbleMs = 300

// Over HTTP/2 + TLS, http2.createSecureServer ignores HTTP/1.1 limits given as options (it sets its own as
// properties: headersTimeout 60 000, requestTimeout 300 000, connectionsCheckingInterval 30 000);
// keep-alive sets its own on the server, so HTTP/1.1 on the h2 port gets HEADERS_TIMEOUT_MS too.
const cases = [
  { name: 'HTTPS', http2: '' },
  { name: 'HTTP/1.1 on the h2 port (allowHTTP1)', http2: 'true' }
]

for (const { name, http2 } of cases) {
  t.test(`${name}, HEADERS_TIMEOUT_MS=2000: a client dribbling its headers is answered 408 and closed within 2 s + 1.5 s`, async t => {
    const { certFile, keyFile, cert } = makeCertificate(t.testdir())
    const app = await buildApp(loadConfig({ HEADERS_TIMEOUT_MS: String(headersTimeoutMs), HTTP2: http2, TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile }))
    t.teardown(() => app.close())
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as { port: number }

    const header = 'GET /api/users HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(1000)
    const socket = connect({ port, host: '127.0.0.1', ca: cert, ALPNProtocols: ['http/1.1'] })
    t.teardown(() => socket.destroy())
    let received = ''
    socket.setEncoding('utf8')
    socket.on('data', chunk => { received += chunk })
    socket.on('error', () => { /* a reset is a close too: measured below */ })
    await new Promise(resolve => socket.once('secureConnect', resolve))
    t.equal(socket.alpnProtocol, 'http/1.1')
    const openedAt = performance.now()
    let sent = 0
    const dribble = setInterval(() => {
      if (socket.writable) socket.write(header[sent++ % header.length]!)
    }, dribbleMs)
    t.teardown(() => clearInterval(dribble))
    socket.write(header[sent++]!)

    const lifetimeMs = await new Promise<number>(resolve => {
      // Past the bound, so a late cut is reported rather than waited for (Node's own limit is 60 s).
      const giveUp = setTimeout(() => resolve(Number.POSITIVE_INFINITY), headersTimeoutMs + slackMs + 1000)
      socket.once('close', () => { clearTimeout(giveUp); resolve(performance.now() - openedAt) })
    })
    clearInterval(dribble)
    t.comment(`slow-header TLS socket closed after ${Math.round(lifetimeMs)} ms (headersTimeout ${headersTimeoutMs} ms), ${sent} bytes sent`)
    t.ok(lifetimeMs >= headersTimeoutMs - 50, `not cut before the headers timeout (lived ${Math.round(lifetimeMs)} ms)`)
    t.ok(lifetimeMs <= headersTimeoutMs + slackMs, `cut within ${headersTimeoutMs + slackMs} ms, lived ${Math.round(lifetimeMs)} ms`)
    t.match(received, /^HTTP\/1\.1 408 /, 'told why: 408 Request Timeout')
  })
}
