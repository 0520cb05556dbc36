import t from 'tap'
import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import gracefulClose from '../src/index.js'
import { build, sleep } from './fixtures/helpers.js'
import { ending, get } from './fixtures/http.js'

t.test('idle sockets get a FIN, in-flight requests finish with Connection: close, the listener closes', async t => {
  const { app, logs } = build()
  const exits: number[] = []
  await app.register(gracefulClose, { drainDelay: 300, timeout: 5000, exit: code => exits.push(code) })
  app.get('/fast', async () => ({ fast: true }))
  app.get('/slow', async () => { await sleep(700); return { slow: true } })
  app.get('/stream', (_request, reply) => {
    reply.hijack()
    reply.raw.writeHead(200, { 'content-type': 'text/plain' })
    reply.raw.write('first ')
    setTimeout(() => reply.raw.end('last'), 700)
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  // One agent per request, so no request lands on a socket another one left idle.
  const agents = Array.from({ length: 4 }, () => new http.Agent({ keepAlive: true }))
  t.teardown(() => { for (const agent of agents) agent.destroy() })
  const [first, second, third, fourth] = agents as [http.Agent, http.Agent, http.Agent, http.Agent]

  const idle = await get(port, '/fast', first)
  t.equal(idle.headers.connection, 'keep-alive')
  const idleEnded = ending(idle.socket)
  const slow = get(port, '/slow', second)
  const stream = get(port, '/stream', third)
  await sleep(100)

  const done = app.shutdown()
  await sleep(50)
  const duringDelay = await get(port, '/fast', fourth)
  t.equal(duringDelay.status, 200, 'new requests are still served during the drain delay')
  t.equal(duringDelay.headers.connection, 'keep-alive', 'no Connection: close before the drain')
  const delayedEnded = ending(duringDelay.socket)

  t.equal(await idleEnded, 'fin', 'an idle keep-alive socket is ended with a FIN, not a reset')
  t.equal(await delayedEnded, 'fin')
  const refused = await new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve('connected') })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code))
  })
  t.equal(refused, 'ECONNREFUSED', 'no new connection is accepted once the drain started')

  const slowReply = await slow
  t.equal(slowReply.status, 200, 'the in-flight request completes')
  t.equal(slowReply.headers.connection, 'close')
  const streamReply = await stream
  t.equal(streamReply.body, 'first last', 'a response whose headers were already out completes')
  t.equal(await streamReply.ended, 'fin', 'and its socket is ended after it')

  const result = await done
  t.equal(result.exitCode, 0)
  t.ok(result.durationMs < 10_000, `close did not wait for the 72 s keep-alive timeout, fastify#7044 (${result.durationMs} ms)`)
  t.same(exits, [0])
  t.match(logs.find(line => line.phase === 'drain'), { via: 'own tracker', remaining: 0, upgraded: 0, timedOut: false })
})

t.test('a request on an existing connection during the drain is served with Connection: close', async t => {
  const { app } = build()
  await app.register(gracefulClose, { timeout: 5000 })
  app.get('/slow', async () => { await sleep(400); return { slow: true } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  // Pipelining puts a second request on a socket that is busy when the drain starts.
  const socket = net.connect(port, '127.0.0.1')
  await new Promise(resolve => socket.once('connect', resolve))
  let received = ''
  socket.setEncoding('utf8')
  socket.on('data', chunk => { received += chunk })
  const closed = ending(socket)
  socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n')
  await sleep(100)
  const done = app.shutdown()
  socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n')
  await done
  t.equal(await closed, 'fin')
  t.match(received, /^HTTP\/1\.1 200 OK\r\n/)
  t.match(received, /connection: close/i)
  t.match(received, /"slow":true/)
})

t.test('the drain reports what is left when it runs out of time', async t => {
  const { app, logs } = build({ pluginTimeout: 0 })
  const exits: number[] = []
  await app.register(gracefulClose, { timeout: 600, closeIdleAfter: 100, exit: code => exits.push(code) })
  app.get('/hang', () => new Promise(() => {}))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const agent = new http.Agent({ keepAlive: true })
  const hanging = get(port, '/hang?id=1', agent).catch(() => undefined)
  t.teardown(async () => {
    agent.destroy()
    await hanging
  })
  await sleep(150)
  const result = await app.shutdown()
  t.equal(result.exitCode, 1)
  t.equal(result.timedOut, true)
  t.same(exits, [1])
  const deadline = logs.find(line => (line.err as { code?: string } | undefined)?.code === 'GW_GRACEFUL_CLOSE_DEADLINE')
  t.match(deadline, { level: 50, openRequests: [{ method: 'GET', url: '/hang?id=1' }] })
  const open = (deadline?.openRequests as Array<{ connectionAgeMs: number }>)[0]!
  t.ok(open.connectionAgeMs >= 500, `the age of the open request's connection is logged (${open.connectionAgeMs} ms)`)
  t.match(deadline?.msg, /outlived its 600 ms timeout in phase (draining|closing); 1 request\(s\) still open/)
})

t.test('after the listener closes, an idle kept-alive connection gets one more answer before any FIN', async t => {
  const { app, logs } = build()
  await app.register(gracefulClose, { closeIdleAfter: 3000, timeout: 8000 })
  app.get('/fast', async () => ({ fast: true }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const agent = new http.Agent({ keepAlive: true })
  t.teardown(() => agent.destroy())
  const first = await get(port, '/fast', agent)
  const done = app.shutdown()
  await sleep(200)
  t.equal(first.socket.destroyed, false, 'the idle connection was not ended')
  // What a proxy with passive health checks does: reuse its pooled connection.
  const again = await get(port, '/fast', agent)
  t.equal(again.socket, first.socket, 'the same pooled connection')
  t.equal(again.status, 200)
  t.equal(again.headers.connection, 'close', 'answered, and told to close')
  await done
  const wait = logs.find(line => line.phase === 'close-idle-after')
  t.ok((wait?.durationMs as number) < 2500, `the wait ended when the last connection went (${String(wait?.durationMs)} ms)`)
})
