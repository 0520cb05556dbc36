import t from 'tap'
import net, { type AddressInfo } from 'node:net'
import { request } from 'undici'
import { start } from './fixtures/child.js'

t.test('uncaughtException: the in-flight request completes, then exit 1', async t => {
  const child = await start()
  const reply = await request(`http://127.0.0.1:${child.port}/crash`)
  t.equal(reply.statusCode, 200)
  t.same(await reply.body.json(), { finished: true })
  const { code } = await child.exited
  t.equal(code, 1)
  t.match(child.logs.find(line => line.msg.includes('uncaught error')), { level: 50, err: { message: 'crash outside the request path' } })
  t.match(child.logs.find(line => line.msg.includes('shutdown finished')), { exitCode: 1 })
})

t.test('a taken port: one log line, exit 1, no stack', async t => {
  const blocker = net.createServer()
  await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve))
  t.teardown(() => blocker.close())
  const { port } = blocker.address() as AddressInfo
  const failed = await start({ PORT: String(port) }).then(() => undefined, (error: Error) => error)
  t.match(failed?.message, /server exited with 1 before listening/)
  t.match(failed?.message, /Cannot listen on 127\.0\.0\.1:\d+: the address is already in use/)
  t.notMatch(failed?.message, /\n\s+at /, 'no stack trace')
})
