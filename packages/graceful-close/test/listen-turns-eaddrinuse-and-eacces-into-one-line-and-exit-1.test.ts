import t from 'tap'
import net, { type AddressInfo } from 'node:net'
import { GW_GRACEFUL_CLOSE_LISTEN, listen } from '../src/index.js'
import { build } from './fixtures/helpers.js'

t.test('listen resolves with the address when the port is free', async t => {
  const { app } = build()
  t.teardown(() => app.close())
  const address = await listen(app, { port: 0 })
  t.match(address, /^http:\/\/127\.0\.0\.1:\d+$/)
})

t.test('EADDRINUSE is one clear log line without a stack, and exit code 1', async t => {
  const blocker = net.createServer()
  await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => blocker.close())
  const { port } = blocker.address() as AddressInfo
  const { app, logs } = build()
  t.teardown(() => app.close())
  const exits: number[] = []
  await t.rejects(listen(app, { port, host: '127.0.0.1', exit: code => exits.push(code) }), GW_GRACEFUL_CLOSE_LISTEN)
  t.same(exits, [1])
  const errors = logs.filter(line => line.level >= 50)
  t.equal(errors.length, 1, 'exactly one error line')
  t.match(errors[0], { code: 'GW_GRACEFUL_CLOSE_LISTEN', cause: 'EADDRINUSE', host: '127.0.0.1', port })
  t.match(errors[0]?.msg, new RegExp(`^Cannot listen on 127\\.0\\.0\\.1:${port}: the address is already in use`))
  t.notMatch(JSON.stringify(errors[0]), /\bat \S+ \(/, 'no stack trace')
})

t.test('EACCES is explained the same way', async t => {
  const { app, logs } = build()
  t.teardown(() => app.close())
  app.listen = (async () => { throw Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:80'), { code: 'EACCES' }) }) as unknown as typeof app.listen
  const exits: number[] = []
  await t.rejects(listen(app, { port: 80, host: '0.0.0.0', exit: code => exits.push(code) }), { code: 'GW_GRACEFUL_CLOSE_LISTEN' })
  t.same(exits, [1])
  t.match(logs.find(line => line.level === 50), { cause: 'EACCES', msg: /permission denied \(EACCES\)/ })
})

t.test('EADDRNOTAVAIL (a HOST this machine does not have) is explained too', async t => {
  const { app, logs } = build()
  t.teardown(() => app.close())
  const exits: number[] = []
  // 192.0.2.1 (TEST-NET-1) is never assigned to a local interface: binding it fails for real.
  await t.rejects(listen(app, { port: 0, host: '192.0.2.1', exit: code => exits.push(code) }), { code: 'GW_GRACEFUL_CLOSE_LISTEN' })
  t.same(exits, [1])
  t.match(logs.find(line => line.level === 50), { cause: 'EADDRNOTAVAIL', msg: /^Cannot listen on 192\.0\.2\.1:0: no such address on this machine \(EADDRNOTAVAIL\): check HOST/ })
})

t.test('the listening line can be worded by the caller, as with app.listen()', async t => {
  const { app, logs } = build()
  t.teardown(() => app.close())
  const address = await listen(app, { port: 0, host: '127.0.0.1', listenTextResolver: (where) => `serving on ${where}` })
  t.ok(logs.some(line => line.msg === `serving on ${address}`), 'the resolver worded the line')
})

t.test('the default exit is process.exit', async t => {
  const { app } = build()
  t.teardown(() => app.close())
  app.listen = (async () => { throw Object.assign(new Error('in use'), { code: 'EADDRINUSE' }) }) as unknown as typeof app.listen
  const exits: Array<number | string | null | undefined> = []
  const realExit = process.exit
  process.exit = ((code?: number | string | null) => { exits.push(code) }) as typeof process.exit
  t.teardown(() => { process.exit = realExit })
  await t.rejects(listen(app, { port: 3000 }), GW_GRACEFUL_CLOSE_LISTEN)
  t.same(exits, [1])
})

t.test('other errors are rethrown untouched', async t => {
  const { app } = build()
  t.teardown(() => app.close())
  const odd = new Error('something else')
  app.listen = (async () => { throw odd }) as unknown as typeof app.listen
  await t.rejects(listen(app, { port: 3000 }), odd)
  app.listen = (async () => { throw Object.assign(new Error('coded'), { code: 'EINVAL' }) }) as unknown as typeof app.listen
  await t.rejects(listen(app, { port: 3000 }), { code: 'EINVAL' })
})
