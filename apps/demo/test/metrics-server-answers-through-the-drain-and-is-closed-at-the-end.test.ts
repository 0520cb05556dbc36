import t from 'tap'
import net from 'node:net'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseExposition, valueOf } from './helpers/prometheus-text.js'
import { buildApp } from '../src/app.js'
import { testConfig } from './helpers/config.js'
import { metricsUrl } from './helpers/metrics.js'

// Listening servers and sockets this process holds: what an app must give back when it closes.
const handles = (): string[] => process.getActiveResourcesInfo().filter(kind => kind.startsWith('TCP')).sort()

async function connectError (port: number): Promise<string | undefined> {
  const socket = net.connect(port, '127.0.0.1')
  return await new Promise(resolve => {
    socket.once('connect', () => { socket.destroy(); resolve(undefined) })
    socket.once('error', (error: NodeJS.ErrnoException) => { resolve(error.code) })
  })
}

t.test('a scraper sees ready, delaying, draining and closing, open connections fall to 0, then the port closes', async t => {
  const handlesBefore = handles()
  const app = await buildApp(testConfig({ metricsPort: 0, drainDelayMs: 300 }))
  t.teardown(() => app.close())
  // Added after buildApp's, so it runs before the metrics server's own (Fastify runs onClose hooks
  // last-added first): the closing phase lasts long enough to be scraped.
  app.addHook('onClose', async () => { await sleep(200) })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  const url = metricsUrl(app)
  const metricsPort = Number(new URL(url).port)

  const reads: Array<{ phase: number, open: number }> = []
  const read = async (): Promise<void> => {
    const exposition = parseExposition(await (await fetch(url)).text())
    reads.push({ phase: valueOf(exposition, 'groundwork_shutdown_phase'), open: valueOf(exposition, 'groundwork_connections_open') })
  }
  // A request in flight across the drain delay and the drain keeps the app in each phase a while.
  const slow = fetch(`http://127.0.0.1:${port}/api/delay/600`)
  await sleep(50)
  await read()
  // One kept-alive scraper connection, as Prometheus keeps: it must not hold the close up.
  const idleScraper = net.connect(metricsPort, '127.0.0.1')
  await once(idleScraper, 'connect')
  const state = { scraping: true }
  const scraper = (async () => {
    while (state.scraping) {
      try {
        await read()
      } catch {
        return // the port closed: the end
      }
      await sleep(10)
    }
  })()
  const shutdown = app.shutdown('test')
  t.equal((await slow).status, 200, 'the request in flight is answered')
  t.match(await shutdown, { exitCode: 0, timedOut: false })
  state.scraping = false
  await scraper

  const phases = reads.map(r => r.phase).filter((phase, i, all) => phase !== all[i - 1])
  t.same(phases, [1, 2, 3, 4], `ready, delaying, draining, closing, in order (reads: ${JSON.stringify(reads)})`)
  t.ok(reads.some(r => r.phase === 3 && r.open >= 1), 'the request in flight is counted while draining')
  t.ok(reads.filter(r => r.phase === 4).every(r => r.open === 0), 'no connection open on the public port once closing')
  t.equal(app.metricsServer?.url, undefined, 'no URL once closed')
  t.equal(await connectError(metricsPort), 'ECONNREFUSED', 'the metrics port is closed')
  if (!idleScraper.closed) await once(idleScraper, 'close')
  // Node gives a closed handle back on a later turn of the loop.
  for (let i = 0; i < 100 && handles().length > handlesBefore.length; i++) await sleep(10)
  t.same(handles(), handlesBefore, 'no server or socket left behind')
})

t.test('an app closed before it was ever ready closes without a metrics server to stop', async t => {
  const app = await buildApp(testConfig({ metricsPort: 0 }))
  t.equal(app.metricsServer?.url, undefined)
  await app.close()
  t.equal(app.metricsServer?.url, undefined)
})
