// Scenario 1a: rolling restarts behind HAProxy (deploy/haproxy.cfg: active readiness checks every
// 250 ms, server-side connection reuse). With a 1 s drain delay no request may fail and none may be
// applied twice.
import t from 'tap'
import { rollingRestart } from './lib/rolling-restart.js'
import { assertZeroLoss, report } from './lib/zero-loss.js'

const restarts = 10

t.test('DRAIN_DELAY_MS=1000, 256 clients: 0 failed and 0 applied twice over 10 restarts', async t => {
  const result = await rollingRestart({ proxy: 'haproxy', drainDelayMs: 1000, restarts })
  // A check that times out (rather than answering 503) means an instance that was NOT shutting down
  // could not answer /health/ready within `timeout check`: the host is starved, say so.
  const starved = result.proxyEvents.filter(line => /Layer[47] timeout/.test(line))
  const hint = starved.length > 0 ? `\nnote: HAProxy saw ${starved.length} health-check timeout(s) (not 503s): an instance could not answer /health/ready in time; is the host overloaded?` : ''
  report(t, 'haproxy', result, 'drainDelayMs=1000')
  assertZeroLoss(t, 'HAProxy', result, restarts, hint)
})

t.test('DRAIN_DELAY_MS=0: the figure that shows why the delay exists (reported, not asserted)', async t => {
  const result = await rollingRestart({ proxy: 'haproxy', drainDelayMs: 0, restarts })
  report(t, 'haproxy', result, 'drainDelayMs=0 (no drain delay: reported only)')
  t.equal(result.windows.length, restarts, `expected ${restarts} restarts, each exiting 0, did ${result.windows.length}`)
  t.equal(result.appliedTwice, 0, 'HAProxy replays nothing that reached an app, delay or not')
})
