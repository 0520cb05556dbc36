import t from 'tap'
import net from 'node:net'
import { main } from '../src/main.js'

t.test('a bad environment is one line on stderr and no server', async t => {
  const written: string[] = []
  const app = await main({ env: { PORT: 'nope' }, pretty: false, writeError: (line) => { written.push(line) } })
  t.equal(app, undefined)
  t.same(written, ['Invalid environment: PORT must be integer, got "nope"\n'])
})

t.test('a good environment gives a listening server on HOST:PORT', async t => {
  const app = await main({
    env: { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    pretty: false,
    writeError: () => { t.fail('no error expected') }
  })
  t.ok(app)
  t.teardown(() => app?.close())
  const address = app!.server.address()
  t.match(address, { address: '127.0.0.1', port: Number })
  const port = (address as { port: number }).port
  const response = await fetch(`http://127.0.0.1:${port}/api/users`)
  t.equal(response.status, 200)
  t.same(await response.json(), [])
})

t.test('a taken port is one clear log line and no server', async t => {
  const blocker = net.createServer()
  await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => blocker.close())
  const { port } = blocker.address() as net.AddressInfo
  const lines: string[] = []
  const app = await main({
    env: { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' },
    pretty: false,
    writeError: () => { t.fail('no config error expected') },
    logStream: { write: (line) => { lines.push(line) } }
  })
  t.equal(app, undefined)
  t.equal(lines.length, 1)
  t.match(JSON.parse(lines[0]!), { level: 50, code: 'GW_GRACEFUL_CLOSE_LISTEN', msg: `Cannot listen on 127.0.0.1:${port}: the address is already in use (EADDRINUSE): stop the other process or pick another PORT` })
})

t.test('a HOST this machine does not have is one clear log line and no server', async t => {
  const lines: string[] = []
  const app = await main({
    env: { PORT: '0', HOST: '192.0.2.1', LOG_LEVEL: 'error' },
    pretty: false,
    writeError: () => { t.fail('no config error expected') },
    logStream: { write: (line) => { lines.push(line) } }
  })
  t.equal(app, undefined)
  t.equal(lines.length, 1)
  t.match(JSON.parse(lines[0]!), { level: 50, msg: /^Cannot listen on 192\.0\.2\.1:0: no such address on this machine \(EADDRNOTAVAIL\)/ })
})

t.test('other listen errors are not swallowed', async t => {
  await t.rejects(main({
    env: { PORT: '0', HOST: 'not a host name', LOG_LEVEL: 'silent' },
    pretty: false,
    writeError: () => { t.fail('no config error expected') }
  }))
})
