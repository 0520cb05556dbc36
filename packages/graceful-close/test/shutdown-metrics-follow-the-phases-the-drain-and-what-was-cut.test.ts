import type net from 'node:net'
import t from 'tap'
import gracefulClose from '../src/index.js'
import { build, sleep } from './fixtures/helpers.js'
import { rawClient } from './fixtures/long-lived-clients.js'

t.test('phase and phaseCode move through the sequence; the drain duration and long-lived cuts are recorded', async t => {
  const { app } = build()
  await app.register(gracefulClose, { drainDelay: 100, closeIdleAfter: 0, longLivedTimeout: 200, timeout: 5000 })
  app.get('/events', (_request, reply) => { reply.raw.writeHead(200, { 'content-type': 'text/event-stream' }); reply.raw.write('data: {}\n\n') })
  t.match(app.shutdownMetrics, { phase: 'starting', phaseCode: 0, ready: false, drainDurationMs: 0 })
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.match(app.shutdownMetrics, { phase: 'ready', phaseCode: 1, ready: true, maintenance: false, drainDurationMs: 0, webSocketsTold: 0, longLivedCut: 0, openAtDeadline: 0, checks: {} })
  const { port } = app.server.address() as net.AddressInfo
  const stream = rawClient(port, 'GET /events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n')
  while (!stream.received().toString().includes('data: {}')) await sleep(10)

  const seen: Array<[string, number]> = []
  const watcher = setInterval(() => { const { phase, phaseCode } = app.shutdownMetrics; seen.push([phase, phaseCode]) }, 5)
  await app.shutdown()
  clearInterval(watcher)
  seen.push([app.shutdownMetrics.phase, app.shutdownMetrics.phaseCode])
  const distinct = seen.filter(([phase], index) => index === 0 || seen[index - 1]![0] !== phase)
  t.same(distinct.map(([phase]) => phase).filter(phase => phase !== 'closing'), ['delaying', 'draining', 'closed'], 'readable while it runs')
  t.same(distinct.map(([, code]) => code).filter(code => code !== 4), [2, 3, 5])
  const metrics = app.shutdownMetrics
  t.match(metrics, { phase: 'closed', phaseCode: 5, ready: false, longLivedCut: 1, openAtDeadline: 0 })
  t.ok(metrics.drainDurationMs >= 190 && metrics.drainDurationMs < 2000, `drain took ${metrics.drainDurationMs} ms (the stream held it until the 200 ms bound)`)
  t.equal(app.shutdownMetrics.drainDurationMs, metrics.drainDurationMs, 'fixed once the drain is over')
  stream.socket.destroy()
})

t.test('the deadline records how many requests and long-lived connections it left open', async t => {
  const { app } = build()
  const exits: number[] = []
  await app.register(gracefulClose, { closeIdleAfter: 0, longLivedTimeout: 100, timeout: 400, exit: code => exits.push(code) })
  app.get('/hang', () => new Promise(() => {}))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as net.AddressInfo
  const hanging = rawClient(port, 'GET /hang HTTP/1.1\r\nHost: x\r\n\r\n')
  await sleep(50)
  const draining: number[] = []
  const sampler = setInterval(() => { if (app.shutdownMetrics.phase === 'draining') draining.push(app.shutdownMetrics.drainDurationMs) }, 20)
  t.match(await app.shutdown(), { exitCode: 1, timedOut: true })
  clearInterval(sampler)
  t.match(app.shutdownMetrics, { openAtDeadline: 1 })
  t.ok(draining.length > 1 && draining.at(-1)! > draining[0]!, 'drainDurationMs grows while the drain runs')
  t.same(exits, [1])
  hanging.socket.destroy()
  await app.close()
})
