// Issue 20: what an operator's Prometheus sees of a rolling restart. Two instances behind
// deploy/haproxy.cfg take the usual POST load (256 clients) with METRICS_PORT set, each on a port of
// its own that the process started in its place reuses. Each instance's /metrics is scraped every
// 50 ms from just before its SIGTERM until it has exited, as a scraper on the inside would. Every
// scrape must parse (promtool check metrics, and our strict parser for the values), and the series
// must tell the story: groundwork_shutdown_phase 1 (ready) → 2 (delaying) → 3 (draining) (→ 4
// closing, when a scrape lands in it), only forward; the public port's HTTP connections (active +
// idle) fall to 0 before the end; and no request is lost (lib/zero-loss.ts).
//
// HAProxy's ~130 pooled connections are ended together at closeIdleAfter (1 s into the drain), and
// with nothing else open the process is gone a few ms later: no 50 ms scrape can land in between.
// So each instance also has one WebSocket client on a slow link, which answers the server's close
// frame 1.6 s after it came: the drain waits for it (LONG_LIVED_TIMEOUT_MS=3000, so it is never
// cut), and for those 0.6 s the scrapes show the HTTP connections at 0 and the WebSocket still open.
import t from 'tap'
import { freePort, sleep, withTimeout, type DemoProcess } from './lib/demo.js'
import { rollingRestart } from './lib/rolling-restart.js'
import { openSlowClosingSocket } from './lib/slow-closing-websocket.js'
import { assertZeroLoss, report } from './lib/zero-loss.js'
import { parseExposition, promtoolCheck, promtoolPath, valueOf } from '../test/helpers/prometheus-text.js'

const restarts = 2
const drainDelayMs = 1000
const scrapeEveryMs = 50
const closeAnswerAfterMs = 1600
const longLivedTimeoutMs = 3000

interface Scrape {
  /** ms since the scraping of this shutdown started */
  atMs: number
  text: string
}

interface Reading {
  atMs: number
  phase: number
  open: number
  active: number
  idle: number
  upgraded: number
}

interface ShutdownScrapes {
  restart: number
  instance: number
  pid: number
  scrapes: Scrape[]
  /** scrapes that got no answer: refused (the port closed at the end) or anything else */
  errors: string[]
  /** ms (as atMs) of each unanswered scrape */
  errorsAtMs: number[]
  /** the close code the slow WebSocket client got */
  closeCode?: number
}

/** Scrapes `url` every scrapeEveryMs until stopped; the first answer is awaited before it returns. */
async function scrapeUntilStopped (url: string, record: ShutdownScrapes): Promise<{ stop: () => Promise<void> }> {
  const started = performance.now()
  const state = { running: true }
  const once = async (): Promise<void> => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) })
      const text = await response.text()
      if (response.status !== 200) throw new Error(`status ${response.status}`)
      record.scrapes.push({ atMs: Math.round(performance.now() - started), text })
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code
      record.errors.push(cause ?? (error as Error).message)
      record.errorsAtMs.push(Math.round(performance.now() - started))
    }
  }
  await once()
  if (record.scrapes.length === 0) throw new Error(`expected ${url} to answer before the SIGTERM; it did not (${record.errors.join(', ')})`)
  const loop = (async () => {
    while (state.running) {
      await sleep(scrapeEveryMs)
      await once()
    }
  })()
  return {
    stop: async () => {
      state.running = false
      await loop
    }
  }
}

t.test(`DRAIN_DELAY_MS=${drainDelayMs}, 256 clients, ${restarts} restarts behind HAProxy: each shutdown is seen on /metrics and loses nothing`, async t => {
  const promtool = promtoolPath()
  if (promtool === undefined) {
    t.fail('expected promtool (Debian package `prometheus`: apt-get install -y prometheus) to check every scrape; it is not on PATH or in /usr/bin')
    return
  }
  const metricsPorts = [await freePort(), await freePort()]
  const shutdowns: ShutdownScrapes[] = []
  const result = await rollingRestart({
    proxy: 'haproxy',
    drainDelayMs,
    restarts,
    instanceEnv: index => ({ METRICS_PORT: String(metricsPorts[index]), LONG_LIVED_TIMEOUT_MS: String(longLivedTimeoutMs) }),
    duringShutdown: async (demo: DemoProcess, index, restart) => {
      const record: ShutdownScrapes = { restart: restart + 1, instance: index + 1, pid: demo.pid, scrapes: [], errors: [], errorsAtMs: [] }
      shutdowns.push(record)
      const slow = await openSlowClosingSocket(demo.port, closeAnswerAfterMs)
      slow.closeFrame.then(code => { record.closeCode = code })
      const scraper = await scrapeUntilStopped(`http://127.0.0.1:${metricsPorts[index]}/metrics`, record)
      return {
        stop: async () => {
          await scraper.stop()
          await withTimeout(slow.closed, 5000, () => 'expected the slow WebSocket to be closed once its instance exited').finally(slow.destroy)
        }
      }
    }
  })
  report(t, 'haproxy+metrics', result, `drainDelayMs=${drainDelayMs} scrapes=[${shutdowns.map(s => s.scrapes.length).join(',')}]`)
  // A check that took most of a second (HAProxy's `check duration`) means an instance could not
  // answer /health/ready in time, so HAProxy kept routing to it into the drain: the host is starved.
  const slowChecks = result.proxyEvents.map(line => /check duration: (\d+)ms/.exec(line)?.[1]).filter(ms => Number(ms) >= 500)
  const hint = slowChecks.length > 0 ? `\nnote: HAProxy saw health checks that took ${slowChecks.join(', ')} ms: an instance could not answer /health/ready in time; is the host overloaded?` : ''
  assertZeroLoss(t, 'HAProxy', result, restarts, hint)
  t.equal(shutdowns.length, restarts, 'one scraped shutdown per restart')

  for (const shutdown of shutdowns) {
    const name = `restart ${shutdown.restart} (app${shutdown.instance}, pid ${shutdown.pid})`
    // Every scrape is checked by the reference parser, then read by ours.
    const rejected = shutdown.scrapes.map(scrape => ({ atMs: scrape.atMs, ...promtoolCheck(promtool, scrape.text) })).filter(check => check.code !== 0)
    t.same(rejected, [], `${name}: promtool check metrics accepts all ${shutdown.scrapes.length} scrapes`)
    const readings: Reading[] = shutdown.scrapes.map(scrape => {
      const exposition = parseExposition(scrape.text)
      return {
        atMs: scrape.atMs,
        phase: valueOf(exposition, 'groundwork_shutdown_phase'),
        open: valueOf(exposition, 'groundwork_connections_open'),
        active: valueOf(exposition, 'groundwork_connections{state="active"}'),
        idle: valueOf(exposition, 'groundwork_connections{state="idle"}'),
        upgraded: valueOf(exposition, 'groundwork_connections{state="upgraded"}')
      }
    })
    const phases = readings.map(r => r.phase).filter((phase, i, all) => phase !== all[i - 1])
    const story = readings.map(r => `${r.atMs}ms:phase=${r.phase},open=${r.open},active=${r.active},idle=${r.idle},upgraded=${r.upgraded}`).join(' ')
    // The longest wait between two answers: a starved host shows here first.
    const maxGapMs = Math.max(0, ...readings.slice(1).map((r, i) => r.atMs - (readings[i] as Reading).atMs))
    t.comment(`${name}: phases ${JSON.stringify(phases)}; ${shutdown.scrapes.length} scrapes (longest gap ${maxGapMs} ms), ${shutdown.errors.length} unanswered (${[...new Set(shutdown.errors)].join(', ')})`)
    t.same(phases.slice(0, 3), [1, 2, 3], `${name}: ready (1), then delaying (2), then draining (3)`, { story })
    t.ok(phases.every((phase, i) => i === 0 || phase > (phases[i - 1] as number)) && phases.every(phase => phase <= 4),
      `${name}: the phase only moves forward, and never past closing (4) while the port answers (${JSON.stringify(phases)})`, { story })
    const lastAnsweredAtMs = (readings.at(-1) as Reading).atMs
    t.same(shutdown.errorsAtMs.filter(at => at < lastAnsweredAtMs), [], `${name}: every scrape is answered until the port closes at the end (last answer at ${lastAnsweredAtMs} ms)`, { story })
    t.ok(readings.filter(r => r.phase === 2).length >= 2, `${name}: the delay is scraped more than once (${readings.filter(r => r.phase === 2).length} scrapes in phase 2)`, { story })
    t.ok(readings.some(r => r.phase <= 2 && r.open > 0), `${name}: HAProxy's connections are open before the drain`, { story })
    const draining = readings.filter(r => r.phase === 3)
    const http = (r: Reading): number => r.active + r.idle
    t.ok((draining[0] !== undefined) && http(draining[0]) > 0, `${name}: the drain starts with HAProxy's connections still open (${draining[0] === undefined ? 'no scrape' : http(draining[0])})`, { story })
    const firstEmpty = readings.findIndex(r => r.phase >= 3 && http(r) === 0)
    t.ok(firstEmpty !== -1, `${name}: the HTTP connections (active + idle) fall to 0 during the drain`, { story })
    t.ok(readings.slice(firstEmpty).every(r => http(r) === 0 && r.phase >= 3), `${name}: and stay at 0 to the end`, { story })
    t.ok(readings.slice(firstEmpty).some(r => r.upgraded === 1 && r.open === 1), `${name}: while the slow WebSocket is still open (upgraded 1, open 1)`, { story })
    const last = parseExposition((shutdown.scrapes.at(-1) as Scrape).text)
    t.equal(shutdown.closeCode, 1001, `${name}: the WebSocket was told 1001 Going Away`)
    t.equal(valueOf(last, 'groundwork_websockets_told_total'), 1, `${name}: groundwork_websockets_told_total 1`)
    t.equal(valueOf(last, 'groundwork_long_lived_cut_total'), 0, `${name}: nothing cut at the long-lived bound`)
    t.ok(valueOf(last, 'groundwork_drain_duration_seconds') >= 1, `${name}: the drain has lasted at least closeIdleAfter (${valueOf(last, 'groundwork_drain_duration_seconds')} s)`)
    // When is asserted above (none before the last answer); this is how: refused once the port is closed, or
    // reset when the process exits under a scrape in flight (seen once in a fresh-clone CI: ECONNRESET).
    t.ok(shutdown.errors.every(error => error === 'ECONNREFUSED' || error === 'ECONNRESET' || /other side closed|socket|terminated/i.test(error)),
      `${name}: a scrape fails only once the port is closing or closed (${JSON.stringify([...new Set(shutdown.errors)])})`)
  }
})
