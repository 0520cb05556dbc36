import { stat } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'

/** How often the file is looked for: an operator's `touch` shows in readiness within about this. */
export const MAINTENANCE_CHECK_MS = 1000

/**
 * MAINTENANCE_FILE: while the file exists, readiness answers 503 `maintenance` (graceful-close's
 * setReady(false)) and the load balancer steps aside; liveness stays 200 and requests are still
 * served. Looked for at start (before the port opens, so an instance started in maintenance never
 * shows ready) and then every MAINTENANCE_CHECK_MS.
 */
export function watchMaintenanceFile (app: FastifyInstance, path: string, intervalMs = MAINTENANCE_CHECK_MS): void {
  // The code of the failure already logged, so a lasting one (a permission, a file where a directory
  // should be) is one warning, not one a second.
  let failing: string | undefined

  const check = async (): Promise<void> => {
    let present: boolean
    try {
      await stat(path)
      present = true
    } catch (error) {
      const code = String((error as { code?: unknown }).code)
      if (code !== 'ENOENT') {
        if (failing !== code) app.log.warn({ err: error, path }, `MAINTENANCE_FILE: cannot tell whether ${path} exists (${code}); maintenance stays ${app.shutdownMetrics.maintenance ? 'on' : 'off'}`)
        failing = code
        return
      }
      present = false
    }
    failing = undefined
    // setReady logs each change itself, once.
    app.setReady(!present)
  }

  let timer: NodeJS.Timeout | undefined
  app.addHook('onReady', async () => {
    await check()
    // Re-armed only once a check is done, so a stat on a hung file system never stacks up behind
    // itself; refresh() after clearTimeout() arms nothing, so a check in flight at close ends the loop.
    const loop = setTimeout(async () => {
      await check()
      loop.refresh()
    }, intervalMs)
    // A timer of our own must never keep the process alive.
    loop.unref()
    timer = loop
  })
  app.addHook('onClose', async () => {
    clearTimeout(timer)
  })
}
