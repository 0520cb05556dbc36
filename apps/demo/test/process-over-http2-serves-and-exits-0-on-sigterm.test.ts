// The real entry point over HTTP/2: `HTTP2=true node dist/server.js`, cleartext (h2c) and over TLS.
import t from 'tap'
import { loadConfig } from '../src/config.js'
import { defaults as gracefulCloseDefaults } from '@groundwork/graceful-close'
import { http2Client, type ClientTls } from './helpers/clients.js'
import { listeningPort, startDemo, waitForLine } from './helpers/demo-process.js'
import { makeCertificate } from './helpers/tls.js'

// Real process starts: generous on a loaded 2-core machine.
t.setTimeout(180_000)

const cases = [
  { transport: 'h2c', scheme: 'http', name: 'h2c' },
  { transport: 'h2', scheme: 'https', name: 'h2 + http/1.1 over TLS' }
] as const

for (const { transport, scheme, name } of cases) {
  t.test(`${transport}: starts, serves, answers a request in flight at SIGTERM, and exits 0`, async t => {
    const env: Record<string, string> = { LOG_LEVEL: 'info', HTTP2: 'true' }
    let tls: ClientTls | undefined
    if (transport === 'h2') {
      const certificate = makeCertificate(t.testdir())
      env['TLS_CERT_FILE'] = certificate.certFile
      env['TLS_KEY_FILE'] = certificate.keyFile
      tls = { ca: certificate.cert }
    }
    const started = startDemo(env)
    t.teardown(() => { started.child.kill('SIGKILL') })
    const port = await listeningPort(started, scheme, name)
    const client = await http2Client(port, tls)
    t.teardown(() => client.close())

    const created = await client.request({ method: 'POST', path: '/api/users', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ada', email: 'ada@example.com' }) })
    t.equal(created.status, 201)
    t.equal(created.httpVersion, '2.0')
    t.match(JSON.parse((await client.request({ path: '/api/users' })).body), [{ id: 1, name: 'Ada' }])
    t.equal((await client.request({ path: '/health/ready' })).status, 200)
    t.match((await client.request({ path: '/' })).body, /Groundwork demo/)
    const requestLine = await waitForLine(started, line => line['url'] === '/api/users' && line['method'] === 'POST', 'for the POST')
    t.match(requestLine, { msg: 'request completed', method: 'POST', url: '/api/users', statusCode: 201, responseTime: Number })

    const slow = client.request({ path: '/api/delay/600' })
    await new Promise(resolve => setTimeout(resolve, 200))
    const signalledAt = performance.now()
    started.child.kill('SIGTERM')
    const answer = await slow
    t.equal(answer.status, 200)
    t.same(JSON.parse(answer.body), { waitedMs: 600 })
    // A client done with the server leaves; an HTTP/2 server's close waits for its sessions.
    await client.close()
    t.equal(await started.exited, 0, 'exit code 0')
    t.ok(performance.now() - signalledAt < 5000, 'exits promptly once its client left')
    t.same(started.stderr, [], 'nothing on stderr')
  })
}

// The process runs with the defaults. An idle session is told GOAWAY at the drain and closed by the
// server after it. The budget is #18's: drain delay + closeIdleAfter + the long-lived bound + 500 ms. An idle
// Node client never closes its side after the first GOAWAY, so its session ends with the final one, when
// closeIdleAfter is over.
const { drainDelayMs, longLivedTimeoutMs } = loadConfig({})
// The demo leaves graceful-close's closeIdleAfter at its default.
const closeIdleAfterMs = gracefulCloseDefaults.closeIdleAfter
const exitSlackMs = 500

t.test('h2c: a client that keeps its idle session open at SIGTERM gets a GOAWAY, and the process exits 0 within drain delay + closeIdleAfter + long-lived bound + 500 ms', async t => {
  const started = startDemo({ LOG_LEVEL: 'info', HTTP2: 'true' })
  t.teardown(() => { started.child.kill('SIGKILL') })
  const port = await listeningPort(started, 'http', 'h2c')
  const client = await http2Client(port)
  t.teardown(() => client.close())
  let goawayAfterMs: number | undefined
  let signalledAt = 0
  client.session.on('goaway', () => { goawayAfterMs ??= Math.round(performance.now() - signalledAt) })
  t.equal((await client.request({ path: '/health/ready' })).status, 200)
  signalledAt = performance.now()
  started.child.kill('SIGTERM')
  const code = await started.exited
  const exitMs = Math.round(performance.now() - signalledAt)
  const budgetMs = drainDelayMs + closeIdleAfterMs + longLivedTimeoutMs + exitSlackMs
  t.comment(`idle h2c session at SIGTERM: GOAWAY after ${String(goawayAfterMs)} ms, exit ${String(code)} after ${exitMs} ms`)
  t.ok(goawayAfterMs !== undefined, 'the session got a GOAWAY')
  t.equal(code, 0, `exit code 0 (got ${String(code)} after ${exitMs} ms)`)
  t.ok(exitMs < budgetMs, `exits within ${budgetMs} ms (took ${exitMs} ms)`)
  t.same(started.stderr, [], 'nothing on stderr')
})
