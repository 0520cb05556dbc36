// Scenario 1c: rolling restarts behind Caddy (deploy/Caddyfile: active readiness checks every
// 250 ms, kept-alive upstream connections, retries only for requests never sent). With a 1 s drain
// delay no request may fail and none may be applied twice.
import t from 'tap'
import { describeWindows, rollingRestart, summarize } from './lib/rolling-restart.js'

const restarts = 10

t.test('DRAIN_DELAY_MS=1000, 256 clients: 0 failed and 0 applied twice over 10 restarts', async t => {
  const result = await rollingRestart({ proxy: 'caddy', drainDelayMs: 1000, restarts })
  const summary = `rolling-restart caddy: ${summarize(result)} drainDelayMs=1000`
  t.comment(summary)
  process.stderr.write(summary + '\n')
  t.equal(result.windows.length, restarts, `expected ${restarts} restarts, did ${result.windows.length}`)
  t.ok(result.requests > 1000, `expected continuous load through Caddy (> 1000 requests), got ${result.requests}`)
  t.equal(result.failed, 0, `expected 0 failed requests, got ${result.failed}: ${JSON.stringify(result.failureKinds)}\n${describeWindows(result.windows)}`, { proxyEvents: result.proxyEvents })
  t.equal(result.appliedTwice, 0, `expected 0 requests applied twice, got ${result.appliedTwice}`)
  t.equal(result.acknowledgedButNotApplied, 0, `expected every 2xx to stand for a created user, ${result.acknowledgedButNotApplied} did not`)
})
