// Scenario 2: a request in flight when SIGTERM arrives is answered, then the process exits 0.
import t from 'tap'
import { killAll, sleep, startDemo, withTimeout } from './lib/demo.js'

t.test('GET /api/delay/2000 with SIGTERM 200 ms in: 200, then exit 0', async t => {
  const demo = await startDemo({ env: { DRAIN_DELAY_MS: '0', SHUTDOWN_TIMEOUT_MS: '10000' } })
  t.teardown(() => killAll([demo]))
  const startedAt = performance.now()
  const response = fetch(`http://127.0.0.1:${demo.port}/api/delay/2000`, { signal: AbortSignal.timeout(15_000) })
    .then(async res => ({ status: res.status, text: await res.text(), atMs: Math.round(performance.now() - startedAt) }))
    .catch((error: Error) => ({ status: 0, text: `${error.name}: ${error.message} (cause: ${String((error.cause as Error | undefined)?.message)})`, atMs: Math.round(performance.now() - startedAt) }))
  await sleep(200)
  demo.kill('SIGTERM')
  const answer = await response
  const exit = await withTimeout(demo.exited, 10_000, () => `expected the demo to exit within 10 s of SIGTERM; it is still running. Output:\n${demo.output()}`)
  const exitAtMs = Math.round(performance.now() - startedAt)
  const summary = `in-flight: status=${answer.status} answeredAtMs=${answer.atMs} exitCode=${exit.code} exitAtMs=${exitAtMs}`
  t.comment(summary)
  process.stderr.write(summary + '\n')
  t.equal(answer.status, 200, `expected the in-flight request to complete with 200, got ${answer.status}: ${answer.text}`, { output: demo.output() })
  t.match(answer.text, /"waitedMs":\s*2000/, `expected {"waitedMs":2000}, got ${answer.text}`)
  t.equal(exit.code, 0, `expected exit code 0, got ${exit.code} (signal ${exit.signal}).`, { output: demo.output() })
  t.ok(exitAtMs - answer.atMs < 3000, `expected the exit shortly (< 3 s) after the response, it came ${exitAtMs - answer.atMs} ms later`)
})
