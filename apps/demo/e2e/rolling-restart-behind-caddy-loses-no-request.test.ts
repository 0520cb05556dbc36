// Scenario 1c: rolling restarts behind Caddy (deploy/Caddyfile: active readiness checks every
// 250 ms, kept-alive upstream connections, retries only for requests never sent). With a 1 s drain
// delay no request may fail and none may be applied twice.
import t from 'tap'
import { rollingRestart } from './lib/rolling-restart.js'
import { assertZeroLoss, report } from './lib/zero-loss.js'

const restarts = 10

t.test('DRAIN_DELAY_MS=1000, 256 clients: 0 failed and 0 applied twice over 10 restarts', async t => {
  const result = await rollingRestart({ proxy: 'caddy', drainDelayMs: 1000, restarts })
  report(t, 'caddy', result, 'drainDelayMs=1000')
  assertZeroLoss(t, 'Caddy', result, restarts)
})
