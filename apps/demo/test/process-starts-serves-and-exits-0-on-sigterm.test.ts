// The real entry point as a container runs it: `node dist/server.js` (built by this package's test script).
import t from 'tap'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const server = fileURLToPath(new URL('../dist/server.js', import.meta.url))

// Four real process starts: generous on a loaded 2-core machine.
t.setTimeout(180_000)

interface Started {
  child: ChildProcess
  lines: Array<Record<string, any>>
  stderr: string[]
  exited: Promise<number | null>
}

function start (env: Record<string, string>): Started {
  // A clean environment: the child is the product, not part of this test's coverage.
  const child = spawn(process.execPath, [server], {
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const lines: Array<Record<string, any>> = []
  const stderr: string[] = []
  createInterface({ input: child.stdout! }).on('line', line => { lines.push(JSON.parse(line)) })
  createInterface({ input: child.stderr! }).on('line', line => { stderr.push(line) })
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  return { child, lines, stderr, exited }
}

async function waitForLine (started: Started, match: (line: Record<string, any>) => boolean, what: string): Promise<Record<string, any>> {
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    const found = started.lines.find(match)
    if (found !== undefined) return found
    if (started.child.exitCode !== null) break
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  throw new Error(`no log line ${what}; got ${JSON.stringify(started.lines)} ${started.stderr.join('\n')}`)
}

async function listeningOrigin (started: Started): Promise<string> {
  const line = await waitForLine(started, line => /^Server listening on /.test(line['msg']), 'saying "Server listening on"')
  const origin = /^Server listening on (http:\/\/127\.0\.0\.1:\d+) \(http\)$/.exec(line['msg'])?.[1]
  if (origin === undefined) throw new Error(`unexpected listening line ${line['msg']}`)
  return origin
}

t.test('starts, logs where it listens, serves, logs each request, and exits 0 on SIGTERM', async t => {
  const started = start({ LOG_LEVEL: 'info' })
  t.teardown(() => { started.child.kill('SIGKILL') })
  const origin = await listeningOrigin(started)

  const created = await fetch(`${origin}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Ada', email: 'ada@example.com' })
  })
  t.equal(created.status, 201)
  const listed = await fetch(`${origin}/api/users`)
  t.match(await listed.json(), [{ id: 1, name: 'Ada' }])
  t.equal((await fetch(`${origin}/health/ready`)).status, 200)
  const page = await fetch(`${origin}/`)
  t.match(await page.text(), /Groundwork demo/)

  const requestLine = await waitForLine(started, line => line['url'] === '/api/users' && line['method'] === 'POST', 'for the POST')
  t.match(requestLine, { msg: 'request completed', method: 'POST', url: '/api/users', statusCode: 201, responseTime: Number })

  const signalledAt = performance.now()
  started.child.kill('SIGTERM')
  t.equal(await started.exited, 0, 'exit code 0')
  t.ok(performance.now() - signalledAt < 5000, 'an idle server exits promptly')
  t.same(started.stderr, [], 'nothing on stderr')
})

t.test('a request in flight at SIGTERM still gets its answer', async t => {
  const started = start({ LOG_LEVEL: 'info' })
  t.teardown(() => { started.child.kill('SIGKILL') })
  const origin = await listeningOrigin(started)
  const slow = fetch(`${origin}/api/delay/600`)
  await new Promise(resolve => setTimeout(resolve, 200))
  started.child.kill('SIGTERM')
  const response = await slow
  t.equal(response.status, 200)
  t.same(await response.json(), { waitedMs: 600 })
  t.equal(await started.exited, 0)
})

t.test('a bad environment is one line on stderr and exit code 1', async t => {
  const started = start({ PORT: 'eighty' })
  t.equal(await started.exited, 1)
  t.same(started.stderr, ['Invalid environment: PORT must be integer, got "eighty"'])
  t.same(started.lines, [])
})

t.test('with DEMO_CRASH_ROUTE=1 an asynchronous crash exits 1', async t => {
  const started = start({ LOG_LEVEL: 'info', DEMO_CRASH_ROUTE: '1' })
  t.teardown(() => { started.child.kill('SIGKILL') })
  const origin = await listeningOrigin(started)
  const response = await fetch(`${origin}/api/_crash?afterMs=50`, { method: 'POST' })
  t.equal(response.status, 202)
  t.equal(await started.exited, 1)
})
