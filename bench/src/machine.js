// What the figures were measured on: they mean little without it.
import os from 'node:os'

/** @returns {import('./types.js').Machine} */
export function describeMachine () {
  const cpus = os.cpus()
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    platform: os.platform(),
    release: os.release(),
    node: process.version,
    loadAverageAtStart: os.loadavg(),
    loadAverageAtEnd: []
  }
}
