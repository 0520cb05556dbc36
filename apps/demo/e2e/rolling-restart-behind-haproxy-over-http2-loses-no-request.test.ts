// Issue 21: rolling restarts behind deploy/haproxy-h2.cfg, where HAProxy speaks HTTP/2 (h2c) to the
// instances (HTTP2=true): its requests are streams over a few multiplexed connections per instance,
// and the drain ends those with two GOAWAY frames. The same promise as behind HAProxy over HTTP/1.1:
// no request fails and none is applied twice.
import t from 'tap'
import { rollingRestart } from './lib/rolling-restart.js'
import { assertZeroLoss, haproxyCheckTimeoutHint, report } from './lib/zero-loss.js'

const restarts = 6

t.test('HTTP/2 to the instances, DRAIN_DELAY_MS=1000, 256 clients: 0 failed and 0 applied twice over 6 restarts', async t => {
  const result = await rollingRestart({ proxy: 'haproxy-h2', drainDelayMs: 1000, restarts })
  report(t, 'haproxy-h2', result, 'drainDelayMs=1000 proto=h2')
  const checkTimeouts = result.proxyEvents.filter(line => /Layer7 timeout/.test(line)).length
  t.comment(`servers HAProxy marked DOWN after check timeouts (not 503s): ${checkTimeouts}`)
  assertZeroLoss(t, 'HAProxy (proto h2)', result, restarts, haproxyCheckTimeoutHint(result))
})
