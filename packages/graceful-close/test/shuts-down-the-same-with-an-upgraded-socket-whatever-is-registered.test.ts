import net, { type AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import t from 'tap'
import keepAlive from '@groundwork/keep-alive'
import gracefulClose from '../src/index.js'
import { build, sleep, type LogLine } from './fixtures/helpers.js'

// One app, three ways of registering it: the shutdown must not depend on which. The app has an
// upgraded socket (as a WebSocket server makes one) whose owner closes it on fastify.shutdownSignal
// (the README's recipe for raw upgrade listeners), an idle keep-alive connection and a request in flight.

type Setup = 'graceful-close alone' | 'keep-alive registered before' | 'keep-alive registered after'

interface Raw { socket: net.Socket, received: () => string, ended: Promise<string>, gotFin: () => boolean }

function connect (port: number): Raw {
  const socket = net.connect(port, '127.0.0.1')
  let data = ''
  let fin = false
  let how = 'fin'
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => { data += chunk })
  socket.on('end', () => { fin = true })
  socket.on('error', (error: NodeJS.ErrnoException) => { how = error.code ?? 'error' })
  const ended = new Promise<string>(resolve => socket.once('close', () => { resolve(how) }))
  return { socket, received: () => data, ended, gotFin: () => fin }
}

async function until (predicate: () => boolean): Promise<void> {
  while (!predicate()) await sleep(10)
}

const pick = (line: LogLine | undefined, keys: string[]): Record<string, unknown> =>
  Object.fromEntries(keys.map(key => [key, line?.[key]]))

async function shutDown (setup: Setup) {
  const { app, logs } = build({ return503OnClosing: false })
  const exits: number[] = []
  if (setup === 'keep-alive registered before') await app.register(keepAlive, { preset: 'aws-alb' })
  await app.register(gracefulClose, { closeIdleAfter: 300, timeout: 5000, exit: code => exits.push(code) })
  if (setup === 'keep-alive registered after') await app.register(keepAlive, { preset: 'aws-alb' })
  app.get('/fast', async () => 'fast')
  app.get('/slow', async () => { await sleep(1000); return 'slow' })

  const owned = new Set<Duplex>()
  app.server.on('upgrade', (_req, socket) => {
    owned.add(socket)
    socket.on('end', () => { socket.end() })
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n')
  })
  app.shutdownSignal.addEventListener('abort', () => { for (const socket of owned) socket.end() })
  let upgradedAtPreClose = ''
  app.addHook('preClose', async () => {
    upgradedAtPreClose = upgraded.gotFin() ? 'already ended' : 'still open'
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo

  const upgraded = connect(port)
  upgraded.socket.write('GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n')
  await until(() => upgraded.received().includes('101 Switching Protocols'))
  const idle = connect(port)
  idle.socket.write('GET /fast HTTP/1.1\r\nHost: x\r\n\r\n')
  await until(() => idle.received().endsWith('fast'))
  const inFlight = connect(port)
  inFlight.socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n')
  await sleep(50)

  const result = await app.shutdown()
  const [idleEnded, inFlightEnded, upgradedEnded] = await Promise.all([idle.ended, inFlight.ended, upgraded.ended])
  const drain = logs.find(line => line.phase === 'drain')
  return {
    via: drain?.via,
    durationMs: result.durationMs,
    same: {
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      exits,
      phases: logs.filter(line => typeof line.phase === 'string').map(line => line.phase),
      closeIdleAfter: pick(logs.find(line => line.phase === 'close-idle-after'), ['remaining', 'upgraded']),
      drain: pick(drain, ['remaining', 'upgraded', 'timedOut']),
      idle: idleEnded,
      inFlight: { ended: inFlightEnded, answer: /^HTTP\/1\.1 200 OK\r\n[^]*[Cc]onnection: close\r\n[^]*slow$/.test(inFlight.received()) },
      upgraded: { atPreClose: upgradedAtPreClose, ended: upgradedEnded },
      warnings: logs.filter(line => line.level >= 40).map(line => line.msg)
    }
  }
}

t.test('an upgraded socket, an idle connection and a request in flight: the same shutdown, whatever is registered', async t => {
  const alone = await shutDown('graceful-close alone')
  t.same(alone.same, {
    exitCode: 0,
    timedOut: false,
    exits: [0],
    phases: ['drain-delay', 'close-idle-after', 'drain', 'long-lived', 'close'],
    // closeIdleAfter keeps the idle connection open and lets the slow request run; the upgraded
    // socket's owner ended it on the signal, at the start of the drain.
    closeIdleAfter: { remaining: 2, upgraded: 0 },
    drain: { remaining: 0, upgraded: 0, timedOut: false },
    idle: 'fin',
    inFlight: { ended: 'fin', answer: true },
    upgraded: { atPreClose: 'already ended', ended: 'fin' },
    warnings: []
  })
  t.equal(alone.via, 'own tracker')
  t.ok(alone.durationMs < 2500, `no wait for the upgraded socket (${alone.durationMs} ms for a 1 s request)`)

  for (const setup of ['keep-alive registered before', 'keep-alive registered after'] as const) {
    const other = await shutDown(setup)
    t.same(other.same, alone.same, setup)
    t.equal(other.via, 'fastify.connections', `${setup}: through keep-alive's decorated tracker`)
    t.ok(other.durationMs < 2500, `${setup}: ${other.durationMs} ms`)
  }
})
