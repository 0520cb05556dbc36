// What the figures were measured on: they mean little without it.
import os from 'node:os'
import { describePinning, pinning } from './pinning.js'
import type { Machine } from './types.js'

export function describeMachine (): Machine {
  const cpus = os.cpus()
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    platform: os.platform(),
    release: os.release(),
    node: process.version,
    loadAverageAtStart: os.loadavg(),
    loadAverageAtEnd: [],
    pinning: describePinning(pinning)
  }
}
