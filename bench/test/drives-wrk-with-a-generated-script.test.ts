import { access, readFile } from 'node:fs/promises'
import path from 'node:path'
import t, { type Test } from 'tap'
import { luaString, parseWrkResult, runWrk, wrkScript } from '../src/wrk.js'
import { standInOnPath } from './helpers/stand-in-on-path.js'

t.test('a Lua string literal escapes every byte, so no path, header or body can end it early', async t => {
  t.equal(luaString('a"\n'), '"\\97\\34\\10"')
  t.equal(luaString(Buffer.from([0, 255])), '"\\0\\255"')
  t.equal(luaString(''), '""')
})

t.test('the script sets the method, headers and body, and prints one marked result line', async t => {
  const script = wrkScript({ method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: '{}' })
  t.match(script, `wrk.method = ${luaString('POST')}\n`)
  t.match(script, `wrk.headers[${luaString('content-type')}] = ${luaString('application/json')}\n`)
  t.match(script, `wrk.body = ${luaString('{}')}\n`)
  t.match(script, /^done = function \(summary, latency, requests\)$/m)
  t.notMatch(script, /^request = function/m, 'a single path needs no per-request Lua')
})

t.test('a list of paths is requested in turn', async t => {
  const script = wrkScript({ path: '/f0.txt', paths: ['/f0.txt', '/f1.txt'] })
  t.match(script, `local paths = { ${luaString('/f0.txt')}, ${luaString('/f1.txt')} }`)
  t.match(script, /^request = function \(\)$/m)
  t.match(script, 'wrk.method = "\\71\\69\\84"', 'GET by default')
  t.notMatch(script, 'wrk.body')
})

t.test('the result line becomes rates over the measured time, latencies in milliseconds', async t => {
  const line = 'GROUNDWORK-BENCH {"requests":3000,"bytes":6000000,"microseconds":2000000,' +
    '"connect":1,"read":2,"write":3,"status":4,"timeout":5,"p50":1500,"p99":9000}'
  t.same(parseWrkResult(`Running 2s test\n${line}\n`), {
    requestsPerSecond: 1500,
    bytesPerSecond: 3e6,
    p50: 1.5,
    p99: 9,
    errors: 6,
    timeouts: 5,
    non2xx: 4,
    requests: 3000
  })
})

t.test('output without the result line is an error that shows what wrk printed', async t => {
  t.throws(() => parseWrkResult('unable to connect to 127.0.0.1:1 Connection refused\n'), { message: /wrk printed no result line:\nunable to connect/ })
})

/**
 * A stand-in for wrk that also keeps the script it was given, then answers like wrk's `done`.
 * @param behaviour shell lines run after recording
 */
async function fakeWrk (t: Test, behaviour: string): Promise<string> {
  return await standInOnPath(t, 'wrk', [
    // The script path is the argument after --script.
    'while [ "$1" != "--script" ]; do shift; done; cp "$2" "$(dirname "$0")/script.lua"',
    behaviour
  ])
}

t.test('runWrk runs wrk with one thread, the connections, whole seconds and its script, then removes the script', async t => {
  const dir = await fakeWrk(t, 'echo \'GROUNDWORK-BENCH {"requests":10,"bytes":20,"microseconds":1000000,"connect":0,"read":0,"write":0,"status":0,"timeout":0,"p50":100,"p99":200}\'')
  const figures = await runWrk('http://127.0.0.1:9', { path: '/x', connections: 7 }, { seconds: 3, connections: 50 })
  t.equal(figures.requestsPerSecond, 10)
  const args = (await readFile(path.join(dir, 'args'), 'utf8')).trim().split('\n')
  t.same(args.slice(0, 8), ['--threads', '1', '--connections', '7', '--duration', '3s', '--timeout', '10s'])
  t.equal(args.at(-1), 'http://127.0.0.1:9/x')
  t.match(await readFile(path.join(dir, 'script.lua'), 'utf8'), /^done = function/m)
  await t.rejects(access(args[9] as string), 'the temporary script is gone')
})

t.test('a failing wrk is an error that carries what it printed on stderr', async t => {
  await fakeWrk(t, 'echo "unable to connect" >&2; exit 1')
  await t.rejects(runWrk('http://127.0.0.1:9', { path: '/' }, { seconds: 1, connections: 1 }), { message: /wrk failed: .*\nunable to connect/s })
})

t.test('a wrk that fails silently is an error too', async t => {
  await fakeWrk(t, 'exit 1')
  await t.rejects(runWrk('http://127.0.0.1:9', { path: '/' }, { seconds: 1, connections: 1 }), { message: /^wrk failed: Command failed/ })
})
