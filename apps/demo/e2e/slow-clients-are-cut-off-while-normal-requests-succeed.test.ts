// Scenario 6: 500 connections dribble one header byte per second. The server closes them once
// headersTimeout passes, while normal requests keep succeeding. Node enforces headersTimeout on each
// connectionsCheckingInterval tick; the demo hands its timeouts to Fastify through keep-alive's
// serverOptions(), which keeps that tick short next to the limit, so a slow client is cut within a
// second or two of it, not up to Node's default 30 s interval later.
import { connect, type Socket } from 'node:net'
import t from 'tap'
import { killAll, percentile, sleep, startDemo } from './lib/demo.js'

const headersTimeoutMs = 2000
const slowConnections = 500
// The checking interval, the slow clients' dribble (a byte a second) and scheduling on a loaded machine.
const slackMs = 2000
const boundMs = headersTimeoutMs + slackMs

interface Slow {
  socket: Socket
  openedAt: number
  closedAt?: number
  sent: number
}

t.test('slow header senders are disconnected, normal requests keep succeeding', async t => {
  const demo = await startDemo({ env: { HEADERS_TIMEOUT_MS: String(headersTimeoutMs) } })
  const slow: Slow[] = []
  t.teardown(async () => {
    for (const s of slow) s.socket.destroy()
    await killAll([demo])
  })
  const base = `http://127.0.0.1:${demo.port}`

  const header = 'GET /api/users HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(10_000)
  const startedAt = performance.now()
  for (let i = 0; i < slowConnections; i++) {
    const socket = connect({ port: demo.port, host: '127.0.0.1' })
    const entry: Slow = { socket, openedAt: performance.now(), sent: 0 }
    socket.on('connect', () => {
      entry.openedAt = performance.now()
      socket.write(header[0] as string)
      entry.sent = 1
    })
    socket.on('error', () => { /* a reset counts as closed, below */ })
    socket.on('close', () => { entry.closedAt ??= performance.now() })
    socket.resume() // read (and drop) the 408 the server may send
    slow.push(entry)
    if (i % 50 === 49) await sleep(10)
  }
  const dribble = setInterval(() => {
    for (const s of slow) {
      if (s.closedAt === undefined && !s.socket.destroyed && s.socket.writable) {
        s.socket.write(header[s.sent % header.length] as string)
        s.sent++
      }
    }
  }, 1000)

  const latencies: number[] = []
  const failures: string[] = []
  const deadline = startedAt + boundMs + 2000
  while (performance.now() < deadline) {
    const begin = performance.now()
    try {
      const res = await fetch(`${base}/api/users`, { signal: AbortSignal.timeout(5000) })
      await res.arrayBuffer()
      if (res.status !== 200) failures.push(`status ${res.status}`)
    } catch (error) {
      failures.push((error as Error).message)
    }
    latencies.push(performance.now() - begin)
    if (slow.every(s => s.closedAt !== undefined) && performance.now() - startedAt > headersTimeoutMs + 1000) break
    await sleep(20)
  }
  clearInterval(dribble)

  const closed = slow.filter(s => s.closedAt !== undefined)
  const lifetimes = closed.map(s => (s.closedAt as number) - s.openedAt)
  const maxLifetime = Math.round(Math.max(0, ...lifetimes))
  const p99 = percentile(latencies, 99)
  const summary = `slow-clients: slow=${slowConnections} closedByServer=${closed.length} maxSlowLifetimeMs=${maxLifetime} boundMs=${boundMs} normalRequests=${latencies.length} failed=${failures.length} p99Ms=${p99.toFixed(1)}`
  t.comment(summary)
  process.stderr.write(summary + '\n')

  t.equal(failures.length, 0, `expected every normal request to succeed while slow clients hang on, got ${failures.length} failures: ${failures.slice(0, 5).join('; ')}`)
  t.ok(latencies.length >= 10, `expected a steady stream of normal requests, got ${latencies.length}`)
  t.equal(closed.length, slowConnections, `expected the server to close all ${slowConnections} slow connections within ${boundMs} ms (headersTimeout ${headersTimeoutMs} + ${slackMs} ms), it closed ${closed.length}`)
  t.ok(maxLifetime <= boundMs, `expected each slow connection closed within ${boundMs} ms of opening, the longest lived ${maxLifetime} ms`)
  t.notOk(demo.hasExited(), 'expected the server to stay up.', { output: demo.output() })
})
