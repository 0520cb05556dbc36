// How long a scenario's rounds take, for the estimate printed at the start.

import type { Settings } from '../types.js'

export function roundsSeconds (settings: Settings, targets: number): number {
  return targets * (settings.warmupSeconds + settings.rounds * settings.roundSeconds)
}
