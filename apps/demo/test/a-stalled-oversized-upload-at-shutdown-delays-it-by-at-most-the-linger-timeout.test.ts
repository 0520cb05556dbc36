import t from 'tap'
import { connect } from 'node:net'
import { DEFAULT_LINGER_TIMEOUT_MS } from '@groundwork/body'
import { buildApp } from '../src/app.js'
import { testConfig } from './helpers/config.js'

t.test('an upload rejected with 413 and still lingering at shutdown delays the drain by at most linger.timeoutMs, then exits 0', async t => {
  const app = await buildApp(testConfig({ bodyLimit: 64 * 1024 }), { logger: false })
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const client = connect({ port: (app.server.address() as { port: number }).port, host: '127.0.0.1', allowHalfOpen: true })
  t.teardown(() => { client.destroy() })
  client.on('error', () => {})
  // Declares 4 MiB, sends 128 KiB, then stalls: the 413 goes out and the socket lingers.
  client.write(`POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${4 * 1024 * 1024}\r\n\r\n`)
  client.write(Buffer.alloc(128 * 1024))
  const answer = await new Promise<string>(resolve => { client.once('data', chunk => { resolve(chunk.toString('latin1')) }) })
  t.match(answer, /^HTTP\/1\.1 413 /)

  const result = await app.shutdown('test')
  t.equal(result.exitCode, 0)
  t.equal(result.timedOut, false)
  t.ok(result.durationMs < DEFAULT_LINGER_TIMEOUT_MS + 1000, `shutdown took ${Math.round(result.durationMs)} ms`)
})
