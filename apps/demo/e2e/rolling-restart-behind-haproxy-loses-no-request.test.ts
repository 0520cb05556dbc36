// Scenario 1a: rolling restarts behind HAProxy (deploy/haproxy.cfg: active readiness checks every
// 250 ms, server-side connection reuse). With a 1 s drain delay no request may fail and none may be
// applied twice.
import t from 'tap'
import { describeWindows, rollingRestart, summarize } from './lib/rolling-restart.js'

const restarts = 10

t.test('DRAIN_DELAY_MS=1000, 256 clients: 0 failed and 0 applied twice over 10 restarts', async t => {
  const result = await rollingRestart({ proxy: 'haproxy', drainDelayMs: 1000, restarts })
  // A check that times out (rather than answering 503) means an instance that was NOT shutting down
  // could not answer /health/ready within `timeout check`: the host is starved, say so.
  const starved = result.proxyEvents.filter(line => /Layer[47] timeout/.test(line))
  const hint = starved.length > 0 ? `\nnote: HAProxy saw ${starved.length} health-check timeout(s) (not 503s): an instance could not answer /health/ready in time; is the host overloaded?` : ''
  const summary = `rolling-restart haproxy: ${summarize(result)} drainDelayMs=1000`
  t.comment(summary)
  process.stderr.write(summary + '\n')
  t.equal(result.windows.length, restarts, `expected ${restarts} restarts, did ${result.windows.length}`)
  t.ok(result.requests > 1000, `expected continuous load through HAProxy (> 1000 requests), got ${result.requests}`)
  t.equal(result.failed, 0, `expected 0 failed requests, got ${result.failed}: ${JSON.stringify(result.failureKinds)}\n${describeWindows(result.windows)}${hint}`, { proxyEvents: result.proxyEvents })
  t.equal(result.appliedTwice, 0, `expected 0 requests applied twice, got ${result.appliedTwice}`)
  t.equal(result.acknowledgedButNotApplied, 0, `expected every 2xx to stand for a created user, ${result.acknowledgedButNotApplied} did not`)
})

t.test('DRAIN_DELAY_MS=0: the figure that shows why the delay exists (reported, not asserted)', async t => {
  const result = await rollingRestart({ proxy: 'haproxy', drainDelayMs: 0, restarts })
  const summary = `rolling-restart haproxy: ${summarize(result)} drainDelayMs=0 (no drain delay: reported only)`
  t.comment(summary)
  process.stderr.write(summary + '\n')
  t.equal(result.windows.length, restarts, `expected ${restarts} restarts, each exiting 0, did ${result.windows.length}`)
  t.equal(result.appliedTwice, 0, 'HAProxy replays nothing that reached an app, delay or not')
})
