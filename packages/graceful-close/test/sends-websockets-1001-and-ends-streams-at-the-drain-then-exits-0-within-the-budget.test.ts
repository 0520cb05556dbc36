import net from 'node:net'
import t from 'tap'
import { start } from './fixtures/child.js'
import { EVENT_STREAM_REQUEST } from './fixtures/long-lived-clients.js'
import { openWebSocket } from './fixtures/long-lived-clients.js'
import { sleep } from './fixtures/helpers.js'

// Measured before (#18): one WebSocket at SIGTERM got 1006 and, with keep-alive, the shutdown hit
// its 8 s deadline and exited 1; one event stream hit the deadline whatever was registered.
const DRAIN_DELAY = 200
const CLOSE_IDLE_AFTER = 1000
const LONG_LIVED_TIMEOUT = 1000
const BUDGET = DRAIN_DELAY + CLOSE_IDLE_AFTER + LONG_LIVED_TIMEOUT + 500

for (const keepAlive of ['', 'before', 'after']) {
  t.test(`10 WebSockets and 5 event streams at SIGTERM, ${keepAlive === '' ? 'graceful-close alone' : `keep-alive registered ${keepAlive}`}`, async t => {
    const child = await start({
      WEBSOCKETS: '1',
      STREAMS: '1',
      KEEP_ALIVE: keepAlive,
      DRAIN_DELAY: String(DRAIN_DELAY),
      CLOSE_IDLE_AFTER: String(CLOSE_IDLE_AFTER),
      LONG_LIVED_TIMEOUT: String(LONG_LIVED_TIMEOUT),
      TIMEOUT: '8000'
    })
    const webSockets = Array.from({ length: 10 }, () => openWebSocket(child.port))
    await Promise.all(webSockets.map(client => client.opened))
    const streams = Array.from({ length: 5 }, () => {
      const socket = net.connect(child.port, '127.0.0.1')
      let received = ''
      let error: string | undefined
      socket.setEncoding('utf8')
      socket.on('data', (chunk: string) => { received += chunk })
      socket.on('error', (err: NodeJS.ErrnoException) => { error = err.code })
      const closed = new Promise<void>(resolve => socket.once('close', () => { resolve() }))
      socket.write(EVENT_STREAM_REQUEST)
      return { received: () => received, error: () => error, closed }
    })
    while (!streams.every(stream => stream.received().includes('event: tick'))) await sleep(10)

    const sent = child.signal('SIGTERM')
    const { code, at } = await child.exited
    const closes = await Promise.all(webSockets.map(client => client.closed))
    await Promise.all(streams.map(stream => stream.closed))

    t.equal(code, 0, 'exit code 0')
    t.ok(at - sent < BUDGET, `exited ${Math.round(at - sent)} ms after SIGTERM (budget ${BUDGET} ms)`)
    t.same(closes, closes.map(() => ({ code: 1001, reason: 'server shutting down', wasClean: true })), 'every WebSocket got 1001 Going Away, with a completed closing handshake')
    for (const stream of streams) {
      t.ok(stream.received().includes('event: shutdown'), 'the stream got its last event')
      t.ok(stream.received().endsWith('\r\n0\r\n\r\n'), 'and a clean end')
      t.equal(stream.error(), undefined, 'and no reset')
    }
    t.match(child.logs.find(line => line.phase === 'long-lived'), { webSocketsTold: 10, closed: 15, cut: [] })
    t.notOk(child.logs.some(line => line.level >= 50), 'nothing logged at error level')
  })
}
