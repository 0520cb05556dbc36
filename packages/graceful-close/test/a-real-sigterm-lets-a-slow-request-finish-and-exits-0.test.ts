import t from 'tap'
import { request } from 'undici'
import { start } from './fixtures/child.js'
import { sleep } from './fixtures/helpers.js'

t.test('SIGTERM: readiness 503, the slow request completes with 200, exit code 0', async t => {
  const child = await start({ DRAIN_DELAY: '300' })
  const base = `http://127.0.0.1:${child.port}`
  const slow = request(`${base}/slow?ms=1500`)
  await sleep(200)
  child.signal('SIGTERM')
  await sleep(100)
  const ready = await request(`${base}/health/ready`)
  t.equal(ready.statusCode, 503, 'readiness turns 503 during the drain delay')
  await ready.body.dump()
  const reply = await slow
  t.equal(reply.statusCode, 200)
  t.same(await reply.body.json(), { waitedMs: 1500 })
  const { code } = await child.exited
  t.equal(code, 0)
  // Ordered by the child's own pino timestamps (a stable sort keeps arrival order within a
  // millisecond): the order the phases ran in, whatever the pipe did to the lines' arrival.
  const phases = child.logs
    .filter(line => typeof line.phase === 'string')
    .sort((a, b) => Number(a.time) - Number(b.time))
    .map(line => line.phase)
  t.same(phases, ['drain-delay', 'close-idle-after', 'drain', 'long-lived', 'close'])
  t.match(child.logs.find(line => line.msg.includes('shutdown started')), { trigger: 'SIGTERM' })
})

t.test('an idle server exits quickly after SIGINT', async t => {
  const child = await start()
  const sent = child.signal('SIGINT')
  const { code, at } = await child.exited
  t.equal(code, 0)
  const finished = child.logs.find(line => line.msg.includes('shutdown finished'))
  t.ok((finished?.durationMs as number) < 1000, `the sequence took ${String(finished?.durationMs)} ms (target about 100 ms)`)
  t.ok(at - sent < 5000, `the process was gone ${Math.round(at - sent)} ms after the signal`)
})
