import t from 'tap'
import { start } from './fixtures/child.js'
import { EVENT_STREAM_REQUEST, WEBSOCKET_UPGRADE, rawClient } from './fixtures/long-lived-clients.js'
import { sleep } from './fixtures/helpers.js'

const DRAIN_DELAY = 100
const LONG_LIVED_TIMEOUT = 700

t.test('an event stream that never ends and a raw WebSocket owner that ignores the shutdown signal: destroyed at the bound and named, exit 0', async t => {
  const child = await start({
    WEBSOCKETS: 'deaf',
    STREAMS: 'deaf',
    KEEP_ALIVE: 'before',
    DRAIN_DELAY: String(DRAIN_DELAY),
    CLOSE_IDLE_AFTER: '300',
    LONG_LIVED_TIMEOUT: String(LONG_LIVED_TIMEOUT),
    TIMEOUT: '8000'
  })
  const webSocket = rawClient(child.port, WEBSOCKET_UPGRADE)
  const stream = rawClient(child.port, EVENT_STREAM_REQUEST)
  while (!webSocket.received().toString('latin1').includes(' 101 ') || !stream.received().toString('latin1').includes('event: hello')) await sleep(10)

  const sent = child.signal('SIGTERM')
  const [ws, events] = await Promise.all([webSocket.closed, stream.closed])
  const { code, at } = await child.exited
  const bound = DRAIN_DELAY + LONG_LIVED_TIMEOUT
  for (const [name, closed] of [['WebSocket', ws], ['stream', events]] as const) {
    t.ok(closed.at - sent >= bound - 20 && closed.at - sent < bound + 500, `${name} destroyed ${Math.round(closed.at - sent)} ms after SIGTERM (drain delay + bound: ${bound} ms)`)
  }
  t.notOk(stream.received().toString('latin1').endsWith('\r\n0\r\n\r\n'), 'the stream was cut, not ended: its client can tell')
  t.equal(code, 0, 'exit 0: the deadline (8 s) is only for what misbehaves')
  const finished = child.logs.find(line => line.msg.includes('shutdown finished'))
  t.ok(typeof finished?.durationMs === 'number' && finished.durationMs < bound + 500,
    `the sequence took ${String(finished?.durationMs)} ms (drain delay + bound: ${bound} ms)`)
  // The process exit also includes the child's V8 coverage write: 2,041 ms after SIGTERM in a loaded
  // fresh-clone CI for an 806 ms sequence. Kept visible as a todo; the e2e suite (no coverage)
  // asserts the real exit time against the budget.
  t.ok(at - sent < bound + 1000, `exited ${Math.round(at - sent)} ms after SIGTERM`,
    { todo: 'under coverage the child\'s exit adds its coverage write, over a second on a loaded machine' })
  const line = child.logs.find(line => line.phase === 'long-lived')
  t.match(line, { level: 40, webSocketsTold: 0, closed: 0 })
  t.same(new Set((line?.cut as Array<{ kind: string, url: string }>).map(({ kind, url }) => `${kind} ${url}`)), new Set(['websocket /ws', 'stream /events']))
  t.notOk(child.logs.some(line => line.level >= 50), 'nothing logged at error level')
  webSocket.socket.destroy()
  stream.socket.destroy()
})
