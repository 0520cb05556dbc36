// The composed candidate: the demo app itself (apps/demo), with all five plugins registered the
// way the demo registers them, configured by its own defaults (an empty environment).
import type { RunningServer } from './kinds.js'
import { listenFastify } from './listen.js'

export async function start (): Promise<RunningServer> {
  const { buildApp } = await import('@groundwork/demo/dist/app.js')
  const { loadConfig } = await import('@groundwork/demo/dist/config.js')
  // No logger, like the baselines: the figure is the plugins' cost, not the cost of writing log lines.
  const app = await buildApp(loadConfig({}), { logger: false, handleSignals: false })
  return listenFastify(app)
}
