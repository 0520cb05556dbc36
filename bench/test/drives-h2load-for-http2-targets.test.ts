import { readFile } from 'node:fs/promises'
import path from 'node:path'
import t, { type Test } from 'tap'
import { h2loadArgs, parseH2load, runH2load, streamsPerConnection } from '../src/h2load.js'
import { standInOnPath } from './helpers/stand-in-on-path.js'

// What h2load 1.52 (Debian 12's nghttp2-client) printed for a 2 s run against a local h2c server.
const summary = `starting benchmark...
spawning thread #0: 2 total client(s). Timing-based test with 0s of warm-up time and 2s of main duration for measurements.
Application protocol: h2c

finished in 2.00s, 27875.00 req/s, 925.87KB/s
requests: 55750 total, 55770 started, 55750 done, 55750 succeeded, 0 failed, 0 errored, 0 timeout
status codes: 55770 2xx, 0 3xx, 0 4xx, 0 5xx
traffic: 1.81MB (1896174) total, 109.06KB (111678) headers (space savings 95.34%), 272.31KB (278850) data
`

/** h2load's --log-file: start time (µs), status and duration (µs), tab-separated, one line a request. */
function logOf (durationsMicroseconds: number[], status = 200): string {
  return durationsMicroseconds.map((duration, i) => `${1796687562450552 + i}\t${status}\t${duration}\n`).join('')
}

t.test('the summary gives the rates over the measured time, the log gives latencies in milliseconds', async t => {
  const durations = Array.from({ length: 100 }, (_, i) => (i + 1) * 1000)
  t.same(parseH2load(summary, logOf(durations)), {
    requestsPerSecond: 27875,
    bytesPerSecond: 948087,
    p50: 50,
    p99: 99,
    errors: 0,
    timeouts: 0,
    non2xx: 0,
    requests: 55750
  })
})

t.test('answers other than 2xx, stream errors and timeouts are counted apart', async t => {
  const failing = summary
    .replace('0 errored, 0 timeout', '3 errored, 2 timeout')
    .replace('55770 2xx, 0 3xx, 0 4xx, 0 5xx', '55000 2xx, 1 3xx, 20 4xx, 300 5xx')
  const figures = parseH2load(failing, logOf([5000]))
  t.equal(figures.errors, 3)
  t.equal(figures.timeouts, 2)
  t.equal(figures.non2xx, 321)
  t.equal(figures.p99, 5)
})

t.test('an empty log gives latencies of 0, not NaN', async t => {
  const figures = parseH2load(summary, '')
  t.equal(figures.p50, 0)
  t.equal(figures.p99, 0)
})

t.test('output without a summary is an error that shows what h2load printed', async t => {
  t.throws(() => parseH2load('No protocol negotiated. Aborted\n', ''), { message: /h2load printed no duration:\nNo protocol negotiated/ })
  t.throws(() => parseH2load(summary.replace(/^status codes:.*$/m, ''), ''), { message: /h2load printed no status codes/ })
})

t.test('one thread, the connections, streams per connection, whole seconds and the headers', async t => {
  const args = h2loadArgs('http://127.0.0.1:9', { path: '/x', headers: { accept: 'application/json' } }, { seconds: 3, connections: 5 }, '/tmp/log')
  t.same(args, [
    '--threads', '1', '--clients', '5', '--max-concurrent-streams', String(streamsPerConnection),
    '--duration', '3', '--warm-up-time', '0', '--log-file', '/tmp/log',
    '--header', 'accept: application/json', 'http://127.0.0.1:9/x'
  ])
  t.equal(h2loadArgs('http://127.0.0.1:9', { path: '/', connections: 2 }, { seconds: 1, connections: 50 }, '/l')[3], '2', 'a target\'s own connections win')
})

t.test('what these arguments cannot express is refused, not silently dropped', async t => {
  t.throws(() => h2loadArgs('http://127.0.0.1:9', { method: 'POST', path: '/' }, { seconds: 1, connections: 1 }, '/l'), { message: /GET only, got POST/ })
  t.throws(() => h2loadArgs('http://127.0.0.1:9', { path: '/a', paths: ['/a', '/b'] }, { seconds: 1, connections: 1 }, '/l'), { message: /one path/ })
})

/**
 * A stand-in for h2load with the summary and log above beside it.
 * @param behaviour shell lines run after recording, with the log file's path in $log
 */
async function fakeH2load (t: Test, behaviour: string): Promise<string> {
  return await standInOnPath(t, 'h2load', [
    'log=""; while [ $# -gt 0 ]; do if [ "$1" = "--log-file" ]; then log="$2"; fi; shift; done',
    behaviour
  ], { 'summary.txt': summary, 'requests.log': logOf([1000, 2000, 3000]) })
}

t.test('runH2load reads the summary and its own log, then removes the log', async t => {
  const dir = await fakeH2load(t, `cp "${'$'}{0%/h2load}/requests.log" "$log"; cat "${'$'}{0%/h2load}/summary.txt"; echo "$log" > "${'$'}{0%/h2load}/log-path"`)
  const figures = await runH2load('http://127.0.0.1:9', { path: '/x' }, { seconds: 2, connections: 4 })
  t.equal(figures.requests, 55750)
  t.equal(figures.p50, 2)
  const logPath = (await readFile(path.join(dir, 'log-path'), 'utf8')).trim()
  t.match(logPath, /groundwork-h2load-/)
  await t.rejects(readFile(logPath), 'the temporary log is gone')
})

t.test('a failing h2load is an error that carries what it printed on stderr', async t => {
  await fakeH2load(t, 'echo "connect: Connection refused" >&2; exit 1')
  await t.rejects(runH2load('http://127.0.0.1:9', { path: '/' }, { seconds: 1, connections: 1 }), { message: /h2load failed: .*\nconnect: Connection refused/s })
})

t.test('an h2load that fails silently is an error too', async t => {
  await fakeH2load(t, 'exit 1')
  await t.rejects(runH2load('http://127.0.0.1:9', { path: '/' }, { seconds: 1, connections: 1 }), { message: /^h2load failed: Command failed/ })
})
