// The composed candidate: the demo app itself (apps/demo), with all five plugins registered the
// way the demo registers them, configured by its own defaults (an empty environment), or with its
// Prometheus metrics on (METRICS_PORT) and scraped, or on cleartext HTTP/2 (HTTP2=true).
import type { RunningServer } from './kinds.js'
import { listenFastify } from './listen.js'

export interface DemoOptions {
  /** Serve /metrics on a port of its own and scrape it every `scrapeEveryMs` while the bench runs. */
  metrics?: { scrapeEveryMs: number }
  /** Serve cleartext HTTP/2 with prior knowledge, as the demo does with HTTP2=true. */
  http2?: boolean
}

export async function start (options: DemoOptions = {}): Promise<RunningServer> {
  const { buildApp } = await import('@groundwork/demo/dist/app.js')
  const { loadConfig } = await import('@groundwork/demo/dist/config.js')
  const env = {
    ...(options.metrics === undefined ? {} : { METRICS_PORT: '0' }),
    ...(options.http2 === true ? { HTTP2: 'true' } : {})
  }
  // No logger, like the baselines: the figure is the plugins' cost, not the cost of writing log lines.
  const app = await buildApp(loadConfig(env), { logger: false, handleSignals: false })
  const server = await listenFastify(app)
  if (options.metrics === undefined) return server
  const url = app.metricsServer?.url
  if (url === undefined) throw new Error('the demo was started with METRICS_PORT but serves no /metrics')
  // The scrape runs in this process, as the render it asks for does: its cost is part of the figure.
  const scraper = setInterval(() => { fetch(url).then(async response => await response.text()).catch(() => {}) }, options.metrics.scrapeEveryMs)
  scraper.unref()
  return { port: server.port, close: async () => { clearInterval(scraper); await server.close() } }
}
