import t, { type Test } from 'tap'
import net from 'node:net'
import { main } from '../src/main.js'

const noConfigError = (t: Test) => (): void => { t.fail('no config error expected') }

t.test('METRICS_PORT=0 logs the address it got, before the public port\'s line', async t => {
  const lines: Array<Record<string, unknown>> = []
  const app = await main({
    env: { PORT: '0', METRICS_PORT: '0', LOG_LEVEL: 'info' },
    pretty: false,
    writeError: noConfigError(t),
    logStream: { write: (line) => { lines.push(JSON.parse(line) as Record<string, unknown>) } }
  })
  t.ok(app)
  t.teardown(() => app?.close())
  const messages = lines.map(line => line['msg'] as string)
  const metricsLine = messages.findIndex(message => /^Metrics listening on http:\/\/127\.0\.0\.1:\d+\/metrics$/.test(message))
  t.ok(metricsLine >= 0, `logged (lines: ${JSON.stringify(messages)})`)
  t.ok(metricsLine < messages.findIndex(message => message.startsWith('Server listening on')), 'before the public port opens')
  const url = /(http:\S+)$/.exec(messages[metricsLine] as string)?.[1] as string
  t.equal(url, app?.metricsServer?.url)
  t.equal((await fetch(url)).status, 200, 'and it answers there')
})

t.test('a taken METRICS_PORT is one clear log line and no server', async t => {
  const blocker = net.createServer()
  await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => blocker.close())
  const { port } = blocker.address() as net.AddressInfo
  const lines: string[] = []
  const app = await main({
    env: { PORT: '0', METRICS_PORT: String(port), LOG_LEVEL: 'error' },
    pretty: false,
    writeError: noConfigError(t),
    logStream: { write: (line) => { lines.push(line) } }
  })
  t.equal(app, undefined)
  t.equal(lines.length, 1, lines.join(''))
  t.match(JSON.parse(lines[0]!), { level: 50, code: 'DEMO_METRICS_LISTEN', msg: `Cannot serve metrics on 127.0.0.1:${port}: the address is already in use (EADDRINUSE): stop the other process or pick another METRICS_PORT` })
})

t.test('a METRICS_HOST this machine does not have is one clear log line', async t => {
  const lines: string[] = []
  const app = await main({
    env: { PORT: '0', METRICS_PORT: '0', METRICS_HOST: '192.0.2.1', LOG_LEVEL: 'error' },
    pretty: false,
    writeError: noConfigError(t),
    logStream: { write: (line) => { lines.push(line) } }
  })
  t.equal(app, undefined)
  t.equal(lines.length, 1, lines.join(''))
  t.match(JSON.parse(lines[0]!), { code: 'DEMO_METRICS_LISTEN', msg: 'Cannot serve metrics on 192.0.2.1:0: no such address on this machine (EADDRNOTAVAIL): check METRICS_HOST' })
})

t.test('a METRICS_HOST that is no address at all is one line with the system\'s reason', async t => {
  const lines: string[] = []
  const app = await main({
    env: { PORT: '0', METRICS_PORT: '0', METRICS_HOST: 'not a host name', LOG_LEVEL: 'error' },
    pretty: false,
    writeError: noConfigError(t),
    logStream: { write: (line) => { lines.push(line) } }
  })
  t.equal(app, undefined)
  t.equal(lines.length, 1, lines.join(''))
  t.match(JSON.parse(lines[0]!), { code: 'DEMO_METRICS_LISTEN', msg: /^Cannot serve metrics on not a host name:0: getaddrinfo (ENOTFOUND|EAI_AGAIN)/ })
})

t.test('an IPv6 METRICS_HOST is logged as a URL, in brackets', async t => {
  const lines: Array<Record<string, unknown>> = []
  const app = await main({
    env: { PORT: '0', METRICS_PORT: '0', METRICS_HOST: '::1', LOG_LEVEL: 'info' },
    pretty: false,
    writeError: noConfigError(t),
    logStream: { write: (line) => { lines.push(JSON.parse(line) as Record<string, unknown>) } }
  })
  t.ok(app)
  t.teardown(() => app?.close())
  const url = app?.metricsServer?.url as string
  t.match(url, /^http:\/\/\[::1\]:\d+\/metrics$/)
  t.ok(lines.some(line => line['msg'] === `Metrics listening on ${url}`))
  t.equal((await fetch(url)).status, 200)
})
