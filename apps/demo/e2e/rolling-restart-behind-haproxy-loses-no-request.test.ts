// Scenario 1a: rolling restarts behind HAProxy (deploy/haproxy.cfg: active readiness checks every
// 250 ms, server-side connection reuse). With a 1 s drain delay no request may fail.
import t from 'tap'
import { describeWindows, rollingRestart } from './lib/rolling-restart.js'

const restarts = 10

t.test('DRAIN_DELAY_MS=1000: 0 non-2xx and 0 socket errors over 10 restarts', async t => {
  const result = await rollingRestart({ proxy: 'haproxy', drainDelayMs: 1000, restarts })
  const failed = result.non2xx + result.errors
  // A check that times out (rather than answering 503) means an instance that was NOT shutting down
  // could not answer /health/ready within `timeout check`: the host is starved, say so.
  const starved = result.proxyEvents.filter(line => /Layer[47] timeout/.test(line))
  const hint = starved.length > 0 ? `\nnote: HAProxy saw ${starved.length} health-check timeout(s) (not 503s): an instance could not answer /health/ready in time; is the host overloaded?` : ''
  const summary = `rolling-restart haproxy: requests=${result.requests} failed=${failed} restarts=${result.windows.length} drainDelayMs=1000`
  t.comment(summary)
  process.stderr.write(summary + '\n')
  t.equal(result.windows.length, restarts, `expected ${restarts} restarts, did ${result.windows.length}`)
  t.ok(result.requests > 1000, `expected continuous load through HAProxy (> 1000 requests), got ${result.requests}`)
  t.equal(result.non2xx, 0, `expected 0 non-2xx responses, got ${result.non2xx}: ${JSON.stringify(result.failureKinds)}\n${describeWindows(result.windows)}${hint}`, { proxyEvents: result.proxyEvents })
  t.equal(result.errors, 0, `expected 0 socket errors, got ${result.errors} (${result.timeouts} timeouts): ${JSON.stringify(result.failureKinds)}\n${describeWindows(result.windows)}`, { proxyEvents: result.proxyEvents })
})

t.test('DRAIN_DELAY_MS=0: the figure that shows why the delay exists (reported, not asserted)', async t => {
  const result = await rollingRestart({ proxy: 'haproxy', drainDelayMs: 0, restarts })
  const failed = result.non2xx + result.errors
  const summary = `rolling-restart haproxy: requests=${result.requests} failed=${failed} restarts=${result.windows.length} drainDelayMs=0 (no drain delay: reported only) ${JSON.stringify(result.failureKinds)}`
  t.comment(summary)
  process.stderr.write(summary + '\n')
  t.equal(result.windows.length, restarts, `expected ${restarts} restarts, each exiting 0, did ${result.windows.length}`)
})
