// The promise every rolling-restart scenario asserts, in one place: the restarts all happened under
// real load, no request failed, none was applied twice, and every 2xx stands for an application.
import type { Test } from 'tap'
import { describeWindows, summarize, type RollingRestartResult } from './rolling-restart.js'

export function report (t: Test, name: string, result: RollingRestartResult, suffix: string): void {
  const summary = `rolling-restart ${name}: ${summarize(result)} ${suffix}`
  t.comment(summary)
  process.stderr.write(summary + '\n')
}

export function assertZeroLoss (t: Test, name: string, result: RollingRestartResult, restarts: number, hint = ''): void {
  t.equal(result.windows.length, restarts, `expected ${restarts} restarts, did ${result.windows.length}`)
  t.ok(result.requests > 1000, `expected continuous load through ${name} (> 1000 requests), got ${result.requests}`)
  t.equal(result.failed, 0, `expected 0 failed requests, got ${result.failed}: ${JSON.stringify(result.failureKinds)}\n${describeWindows(result.windows)}${hint}`, { proxyEvents: result.proxyEvents })
  t.equal(result.appliedTwice, 0, `expected 0 requests applied twice, got ${result.appliedTwice}`)
  t.equal(result.acknowledgedButNotApplied, 0, `expected every 2xx to stand for a created user, ${result.acknowledgedButNotApplied} did not`)
}

/**
 * HAProxy: a check that timed out (rather than answering 503) means an instance that was NOT
 * shutting down could not answer /health/ready in time: the host is starved, and the failure says so.
 */
export function haproxyCheckTimeoutHint (result: RollingRestartResult): string {
  const starved = result.proxyEvents.filter(line => /Layer[47] timeout/.test(line))
  return starved.length > 0 ? `\nnote: HAProxy saw ${starved.length} health-check timeout(s) (not 503s): an instance could not answer /health/ready in time; is the host overloaded?` : ''
}
