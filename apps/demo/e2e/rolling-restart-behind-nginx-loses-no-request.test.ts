// Scenario 1b: rolling restarts behind nginx OSS (deploy/nginx.conf: passive health only, upstream
// keepalive, `proxy_next_upstream error non_idempotent`). nginx keeps writing to an instance until
// a request fails; those failures come before the app read the request, so nginx replays them on
// the other instance. 0 failed, and the audit files prove that no replay was applied twice.
import t from 'tap'
import { describeWindows, rollingRestart, summarize } from './lib/rolling-restart.js'

const restarts = 10

t.test('DRAIN_DELAY_MS=1000, 256 clients: 0 failed and 0 applied twice over 10 restarts', async t => {
  const result = await rollingRestart({ proxy: 'nginx', drainDelayMs: 1000, restarts })
  const summary = `rolling-restart nginx: ${summarize(result)} drainDelayMs=1000`
  t.comment(summary)
  process.stderr.write(summary + '\n')
  t.equal(result.windows.length, restarts, `expected ${restarts} restarts, did ${result.windows.length}`)
  t.ok(result.requests > 1000, `expected continuous load through nginx (> 1000 requests), got ${result.requests}`)
  t.equal(result.failed, 0, `expected 0 failed requests, got ${result.failed}: ${JSON.stringify(result.failureKinds)}\n${describeWindows(result.windows)}`, { proxyEvents: result.proxyEvents })
  t.equal(result.appliedTwice, 0, `expected 0 requests applied twice (a replay of a request the app had read), got ${result.appliedTwice}`)
  t.equal(result.acknowledgedButNotApplied, 0, `expected every 2xx to stand for a created user, ${result.acknowledgedButNotApplied} did not`)
})
