import type { FastifyInstance } from 'fastify'
import { parseExposition, type Exposition } from './prometheus-text.js'

/** The app's metrics URL; the app must be ready and built with a metricsPort. */
export function metricsUrl (app: FastifyInstance): string {
  const url = app.metricsServer?.url
  if (url === undefined) throw new Error('expected the app to serve metrics (metricsPort set, app ready)')
  return url
}

/** GET /metrics over a real socket, parsed strictly. */
export async function scrape (app: FastifyInstance): Promise<Exposition> {
  const response = await fetch(metricsUrl(app))
  if (response.status !== 200) throw new Error(`expected 200 from ${metricsUrl(app)}, got ${response.status}`)
  return parseExposition(await response.text())
}
