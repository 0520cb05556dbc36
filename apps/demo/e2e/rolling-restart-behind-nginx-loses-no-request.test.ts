// Scenario 1b: rolling restarts behind nginx OSS (deploy/nginx.conf: passive health only, upstream
// keepalive, `proxy_next_upstream error non_idempotent`). nginx keeps writing to an instance until
// a request fails; those failures come before the app read the request, so nginx replays them on
// the other instance. 0 failed, and the audit files prove that no replay was applied twice.
import t from 'tap'
import { rollingRestart } from './lib/rolling-restart.js'
import { assertZeroLoss, report } from './lib/zero-loss.js'

const restarts = 10

t.test('DRAIN_DELAY_MS=1000, 256 clients: 0 failed and 0 applied twice over 10 restarts', async t => {
  const result = await rollingRestart({ proxy: 'nginx', drainDelayMs: 1000, restarts })
  report(t, 'nginx', result, 'drainDelayMs=1000')
  assertZeroLoss(t, 'nginx', result, restarts)
})
