// The real entry point as a container runs it: `node dist/server.js` (built by this package's test script).
import t from 'tap'
import { listeningPort, startDemo, waitForLine, type DemoProcess } from './helpers/demo-process.js'

// Four real process starts: generous on a loaded 2-core machine.
t.setTimeout(180_000)

async function listeningOrigin (started: DemoProcess): Promise<string> {
  return `http://127.0.0.1:${await listeningPort(started, 'http', 'http')}`
}

t.test('starts, logs where it listens, serves, logs each request, and exits 0 on SIGTERM', async t => {
  const started = startDemo({ LOG_LEVEL: 'info' })
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
  const started = startDemo({ LOG_LEVEL: 'info' })
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
  const started = startDemo({ PORT: 'eighty' })
  t.equal(await started.exited, 1)
  t.same(started.stderr, ['Invalid environment: PORT must be integer, got "eighty"'])
  t.same(started.lines, [])
})

t.test('with DEMO_CRASH_ROUTE=1 an asynchronous crash exits 1', async t => {
  const started = startDemo({ LOG_LEVEL: 'info', DEMO_CRASH_ROUTE: '1' })
  t.teardown(() => { started.child.kill('SIGKILL') })
  const origin = await listeningOrigin(started)
  const response = await fetch(`${origin}/api/_crash?afterMs=50`, { method: 'POST' })
  t.equal(response.status, 202)
  t.equal(await started.exited, 1)
})
