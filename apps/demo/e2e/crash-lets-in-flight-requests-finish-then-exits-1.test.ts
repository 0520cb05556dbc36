// Scenario 7: an exception thrown asynchronously outside any request (the opt-in, test-only
// POST /api/_crash, DEMO_CRASH_ROUTE=1) still lets the request in flight complete; then exit 1.
import t from 'tap'
import { killAll, sleep, startDemo, withTimeout } from './lib/demo.js'

const shutdownTimeoutMs = 5000

t.test('uncaught exception: in-flight request completes, exit 1 within the timeout', async t => {
  const demo = await startDemo({ env: { DEMO_CRASH_ROUTE: '1', DRAIN_DELAY_MS: '0', SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs) } })
  t.teardown(() => killAll([demo]))
  const base = `http://127.0.0.1:${demo.port}`
  const startedAt = performance.now()
  const inFlight = fetch(`${base}/api/delay/1500`, { signal: AbortSignal.timeout(15_000) })
    .then(async res => ({ status: res.status, text: await res.text() }))
    .catch((error: Error) => ({ status: 0, text: `${error.name}: ${error.message} (cause: ${String((error.cause as Error | undefined)?.message)})` }))
  await sleep(200)
  const crash = await fetch(`${base}/api/_crash?afterMs=100`, { method: 'POST' })
  const crashText = await crash.text()
  t.equal(crash.status, 202, `expected POST /api/_crash (DEMO_CRASH_ROUTE=1) to answer 202, got ${crash.status}: ${crashText}`)
  const crashedAt = performance.now() + 100
  const answer = await inFlight
  const exit = await withTimeout(demo.exited, shutdownTimeoutMs + 5000, () => `expected the demo to exit within ${shutdownTimeoutMs} ms of the crash; it is still running. Output:\n${demo.output()}`)
  const exitAfterCrashMs = Math.round(performance.now() - crashedAt)
  const summary = `crash: inFlightStatus=${answer.status} exitCode=${exit.code} exitAfterCrashMs=${exitAfterCrashMs} totalMs=${Math.round(performance.now() - startedAt)}`
  t.comment(summary)
  process.stderr.write(summary + '\n')
  t.equal(answer.status, 200, `expected the in-flight GET /api/delay/1500 to complete with 200, got ${answer.status}: ${answer.text}`, { output: demo.output() })
  t.equal(exit.code, 1, `expected exit code 1 after an uncaught exception, got ${exit.code} (signal ${exit.signal}).`, { output: demo.output() })
  t.ok(exitAfterCrashMs <= shutdownTimeoutMs + 1000, `expected the exit within SHUTDOWN_TIMEOUT_MS (${shutdownTimeoutMs} ms) of the crash, took ${exitAfterCrashMs} ms`)
})
