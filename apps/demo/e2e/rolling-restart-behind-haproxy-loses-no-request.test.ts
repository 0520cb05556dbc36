// Scenario 1a: rolling restarts behind HAProxy (deploy/haproxy.cfg: active readiness checks every
// 250 ms, server-side connection reuse). With a 1 s drain delay no request may fail and none may be
// applied twice.
import t from 'tap'
import { rollingRestart } from './lib/rolling-restart.js'
import { assertZeroLoss, haproxyCheckTimeoutHint, report } from './lib/zero-loss.js'

const restarts = 10

t.test('DRAIN_DELAY_MS=1000, 256 clients: 0 failed and 0 applied twice over 10 restarts', async t => {
  const result = await rollingRestart({ proxy: 'haproxy', drainDelayMs: 1000, restarts })
  report(t, 'haproxy', result, 'drainDelayMs=1000')
  assertZeroLoss(t, 'HAProxy', result, restarts, haproxyCheckTimeoutHint(result))
})

t.test('DRAIN_DELAY_MS=0: the figure that shows why the delay exists (reported, not asserted)', async t => {
  const result = await rollingRestart({ proxy: 'haproxy', drainDelayMs: 0, restarts })
  report(t, 'haproxy', result, 'drainDelayMs=0 (no drain delay: reported only)')
  t.equal(result.windows.length, restarts, `expected ${restarts} restarts, each exiting 0, did ${result.windows.length}`)
  t.equal(result.appliedTwice, 0, 'HAProxy replays nothing that reached an app, delay or not')
})
