// Issue 21: h2load (nghttp2-client) loads the HTTP/2 demo (HTTP2=true, h2c) with 8 sessions of up
// to 16 streams each; SIGTERM arrives in the middle. Every stream h2load started ends with its 2xx
// (none reset, none refused after it began), the instance answered exactly the streams h2load saw
// answered, it kept serving through the drain delay, and it exits 0 within graceful-close's budget.
import t from 'tap'
import { createInterface } from 'node:readline'
import { killAll, sleep, startDemo } from './lib/demo.js'
import { runH2load } from './lib/h2load.js'

const drainDelayMs = 500
// graceful-close's default closeIdleAfter and the demo's default LONG_LIVED_TIMEOUT_MS, with its stated slack.
const budgetMs = drainDelayMs + 1000 + 1000 + 500
const sigtermAfterMs = 2000

t.test('every stream started before the GOAWAY completes, and the demo exits 0 within its budget', async t => {
  const demo = await startDemo({ env: { HTTP2: 'true', DRAIN_DELAY_MS: String(drainDelayMs), SHUTDOWN_TIMEOUT_MS: '10000', LOG_LEVEL: 'info' } })
  t.teardown(async () => { await killAll([demo]) })

  // The instance's own account: one "request completed" line per answered request, with its time.
  const completedAt: number[] = []
  let shutdownStartedAt: number | undefined
  const lines = createInterface({ input: demo.child.stdout as NodeJS.ReadableStream })
  lines.on('line', line => {
    const entry = JSON.parse(line) as { msg?: string, time?: number }
    if (entry.msg === 'request completed') completedAt.push(entry.time as number)
    if (entry.msg?.startsWith('graceful-close: shutdown started') === true) shutdownStartedAt = entry.time
  })
  await sleep(100)
  const probesBefore = completedAt.length

  const load = runH2load(`http://127.0.0.1:${demo.port}/api/stats`, { clients: 8, streams: 16, seconds: 6 })
  await sleep(sigtermAfterMs)
  demo.kill('SIGTERM')
  const [run, exit] = await Promise.all([load, demo.exited])
  lines.close()
  const answered = completedAt.length - probesBefore
  t.comment(`h2load: started=${run.started} done=${run.done} succeeded=${run.succeeded} failed=${run.failed} errored=${run.errored} timeout=${run.timeout}; instance answered ${answered}; exit ${exit.code} in ${exit.afterSignalMs} ms`)

  // The outputs go into a message only when it fails: they are long.
  t.equal(exit.code, 0, `expected exit code 0 after SIGTERM${exit.code === 0 ? '' : `. Output:\n${demo.output()}`}`)
  t.ok(exit.afterSignalMs <= budgetMs, `expected the exit within ${budgetMs} ms of SIGTERM (drain delay + closeIdleAfter + longLivedTimeout + 500 ms), took ${exit.afterSignalMs} ms`)
  t.ok(run.started > 1000, `expected real load (> 1000 streams), h2load started ${run.started}`)
  const h2loadOutput = run.done === run.started && run.succeeded === run.started ? '' : `; h2load printed:\n${run.output}`
  t.equal(run.done, run.started, `expected every started stream to end, ${run.started - run.done} did not${h2loadOutput}`)
  t.equal(run.succeeded, run.started, `expected every started stream to succeed; failed=${run.failed} errored=${run.errored} timeout=${run.timeout}${h2loadOutput}`)
  t.equal(run.status2xx, run.started, `expected a 2xx for every started stream, got ${run.status2xx} of ${run.started}`)
  t.equal(answered, run.succeeded, 'expected the instance to have answered exactly the streams h2load saw answered')
  t.not(shutdownStartedAt, undefined, 'expected the shutdown-started log line')
  const duringDrain = completedAt.filter(time => time > (shutdownStartedAt ?? Infinity)).length
  t.ok(duringDrain > 0, `expected streams answered after SIGTERM (readiness 503, drain delay ${drainDelayMs} ms), got ${duringDrain}`)
})
