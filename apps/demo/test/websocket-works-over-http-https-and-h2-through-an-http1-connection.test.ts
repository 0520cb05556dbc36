// A WebSocket starts with an HTTP/1.1 upgrade. The demo takes it over HTTP/1.1, over HTTPS, and on
// the h2 port over TLS through a connection that negotiates http/1.1 in ALPN (allowHTTP1), as
// browsers open them. h2c has no HTTP/1.1 at all: see the 426 test and the README.
import t from 'tap'
import { configFor } from './helpers/transports.js'
import { listening } from './helpers/listen.js'
import { openSocket } from './helpers/ws.js'

for (const transport of ['http', 'https', 'h2'] as const) {
  t.test(`${transport}: /api/ws welcomes, echoes and pushes the stats`, async t => {
    const { config, tls } = configFor(t, transport)
    const { port } = await listening(t, config)
    const { socket, next, closed } = await openSocket(port, tls)
    t.same(await next(), { type: 'welcome', pid: process.pid })
    socket.send('hello')
    t.same(await next(), { type: 'echo', data: 'hello' })
    socket.send(JSON.stringify({ type: 'subscribe', topic: 'stats' }))
    const stats = await next()
    t.match(stats, { type: 'stats', pid: process.pid, connections: { open: Number }, users: 0 })
    socket.close(1000, 'done')
    t.match(await closed, { code: 1000 })
  })
}
