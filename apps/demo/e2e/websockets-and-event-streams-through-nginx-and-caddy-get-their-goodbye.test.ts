// Issue 18, behind the other two proxies we ship: WebSockets and event streams through
// deploy/nginx.conf and deploy/Caddyfile reach the demo, and at its SIGTERM each client gets the
// goodbye the app sends (close 1001 with its reason; a last `shutdown` event and a clean end), not
// the proxy's own cut. Before the upgrade map in nginx.conf, nginx dropped `Upgrade` and every
// WebSocket through it failed its handshake (the client saw 1006).
import t from 'tap'
import { freePort, killAll, startDemo, withTimeout } from './lib/demo.js'
import { startCaddy, startNginx, type Proxy } from './lib/proxies.js'
import { openEventStream, type EventStream } from './lib/sse-client.js'
import { openDemoSocket, type DemoSocket } from './lib/websocket-client.js'

const webSockets = 10
const eventStreams = 5

for (const [name, start] of [['nginx', startNginx], ['Caddy', startCaddy]] as const) {
  t.test(`through ${name}: ${webSockets} WebSockets and ${eventStreams} event streams, then SIGTERM`, async t => {
    const demo = await startDemo({ env: { STATS_INTERVAL_MS: '200' } })
    const sockets: DemoSocket[] = []
    const streams: EventStream[] = []
    t.teardown(async () => {
      for (const socket of sockets) if (socket.closeInfo === undefined) socket.ws.close()
      await Promise.all(streams.map(async stream => await stream.close()))
      await killAll([demo])
    })
    // Both upstream entries point at the one demo: the test is about the path through the proxy.
    const proxy: Proxy = await start(await freePort(), [demo.port, demo.port])
    t.teardown(async () => { await proxy.stop() })
    const origin = `http://127.0.0.1:${proxy.port}`

    await withTimeout((async () => {
      for (let i = 0; i < webSockets; i++) sockets.push(openDemoSocket(`ws://127.0.0.1:${proxy.port}/api/ws`, { subscribe: true }))
      for (let i = 0; i < eventStreams; i++) streams.push(await openEventStream({ origin, path: '/api/events' }))
      await Promise.all(sockets.map(async socket => { await socket.welcome; await socket.firstStats }))
      // A second event proves the proxy passes events as they come, not buffered until the end.
      await Promise.all(streams.map(async stream => { await stream.next('stats'); await stream.next('stats') }))
    })(), 20_000, () => `expected every client to be connected and fed through ${name} within 20 s. Demo:\n${demo.output()}\n${name}:\n${proxy.output()}`)
    t.ok(sockets.every(socket => socket.pid === demo.pid), `every WebSocket was welcomed by the demo (pid ${demo.pid})`)
    t.ok(streams.every(stream => stream.status === 200 && String(stream.headers['content-type']).startsWith('text/event-stream')), 'every stream is a 200 text/event-stream')

    demo.kill('SIGTERM')
    const exit = await demo.exited
    const closes = await withTimeout(Promise.all(sockets.map(async socket => await socket.closed)), 10_000, () => 'expected every WebSocket to close within 10 s of the SIGTERM')
    const ends = await withTimeout(Promise.all(streams.map(async stream => await stream.ended)), 10_000, () => 'expected every stream to end within 10 s of the SIGTERM')

    t.equal(exit.code, 0, `the demo exited 0, ${Math.round(exit.afterSignalMs)} ms after SIGTERM`)
    t.same(closes.map(close => [close.code, close.reason]), closes.map(() => [1001, 'server shutting down']), 'every WebSocket got the app\'s 1001 through the proxy')
    t.ok(closes.every(close => close.wasClean), 'with a completed closing handshake')
    for (const [index, stream] of streams.entries()) {
      t.equal(stream.events.at(-1)?.event, 'shutdown', `stream ${index}: the last event is the app's shutdown event`)
      t.same(ends[index], { ...ends[index], clean: true, error: undefined }, `stream ${index}: the response ended cleanly through the proxy`)
    }
  })
}
