import t from 'tap'
import { listening } from './helpers/listen.js'
import { openEvents } from './helpers/sse.js'
import { openSocket } from './helpers/ws.js'

t.test('GET /api/stats counts open event streams in streams and WebSockets in upgraded, apart from requests', async t => {
  const { port } = await listening(t)
  const stats = async (): Promise<Record<string, any>> => await (await fetch(`http://127.0.0.1:${port}/api/stats`)).json() as Record<string, any>

  const stream = await openEvents(port)
  const first = await openSocket(port)
  const second = await openSocket(port)
  await first.next()
  await second.next()
  const during = await stats()
  t.match(during, { pid: process.pid, connections: { streams: 1, upgraded: 2, active: 1 } })
  const { open, active, idle, upgraded, streams } = during['connections']
  t.equal(open, active + idle + upgraded + streams, 'open = active + idle + upgraded + streams')

  stream.close()
  first.socket.close(1000)
  second.socket.close(1000)
  await Promise.all([stream.ended, first.closed, second.closed])
  // The server sees the sockets go a moment after the clients do.
  let after = await stats()
  for (let i = 0; i < 50 && (after['connections'].streams !== 0 || after['connections'].upgraded !== 0); i++) {
    await new Promise(resolve => setTimeout(resolve, 20))
    after = await stats()
  }
  t.match(after, { connections: { streams: 0, upgraded: 0 } }, 'none once they left')
})
