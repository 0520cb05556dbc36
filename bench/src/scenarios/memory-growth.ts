// Measures how much a server's resident memory grows during one phase of load: collect garbage,
// take the RSS, reset the peak, run the phase, read the peak.
import { readMemoryOf, resetPeak } from '../memory.js'
import type { ServerHandle } from '../processes.js'

/** @returns null without /proc */
export async function measureGrowth (server: ServerHandle, phase: () => Promise<void>): Promise<{ beforeBytes: number, peakBytes: number, growthBytes: number } | null> {
  await server.collectGarbage()
  const before = await readMemoryOf(server.pids())
  const reset = (await Promise.all(server.pids().map(resetPeak))).every(Boolean)
  await phase()
  const after = await readMemoryOf(server.pids())
  if (before === null || after === null || !reset) return null
  return {
    beforeBytes: before.rssBytes,
    peakBytes: after.peakRssBytes,
    growthBytes: Math.max(0, after.peakRssBytes - before.rssBytes)
  }
}
