// How long a scenario's rounds take, for the estimate printed at the start.

/**
 * @param {import('../types.js').Settings} settings
 * @param {number} targets
 */
export function roundsSeconds (settings, targets) {
  return targets * (settings.warmupSeconds + settings.rounds * settings.roundSeconds)
}
