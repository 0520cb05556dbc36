// Pure figures: medians, ratios and verdicts. No I/O here, so it is unit-tested to 100%.

/**
 * The median of a non-empty list (the mean of the two middle values for an even count).
 * @param {number[]} values
 * @returns {number}
 */
export function median (values) {
  if (values.length === 0) throw new RangeError('median of an empty list')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const upper = /** @type {number} */ (sorted[middle])
  if (sorted.length % 2 === 1) return upper
  return (/** @type {number} */ (sorted[middle - 1]) + upper) / 2
}

/**
 * candidate / baseline, or null when the baseline is zero (nothing to compare against).
 * @param {number} candidate
 * @param {number} baseline
 * @returns {number | null}
 */
export function ratio (candidate, baseline) {
  if (!(baseline > 0)) return null
  return candidate / baseline
}

/**
 * The round-by-round ratios: round i of the candidate over round i of the baseline. The targets run
 * alternately, so a pair ran seconds apart and a burst of load from elsewhere on the machine hits
 * both. Null when the rounds do not pair up.
 * @param {number[]} candidateRounds
 * @param {number[]} baselineRounds
 * @returns {number[] | null}
 */
export function roundRatios (candidateRounds, baselineRounds) {
  if (candidateRounds.length === 0 || candidateRounds.length !== baselineRounds.length) return null
  const ratios = []
  for (const [index, candidate] of candidateRounds.entries()) {
    const pair = ratio(candidate, /** @type {number} */ (baselineRounds[index]))
    if (pair === null) return null
    ratios.push(pair)
  }
  return ratios
}

/**
 * The lowest and highest of a non-empty list: how far the round ratios of one comparison spread.
 * @param {number[]} values
 * @returns {{ low: number, high: number }}
 */
export function spread (values) {
  if (values.length === 0) throw new RangeError('spread of an empty list')
  return { low: Math.min(...values), high: Math.max(...values) }
}

/**
 * Whether a ratio meets a "at least" target; null when there is no target or no ratio.
 * @param {number | null} value
 * @param {number | null} target
 * @returns {boolean | null}
 */
export function meets (value, target) {
  if (value === null || target === null) return null
  return value >= target
}

/**
 * The median of every field of a list of load results, field by field.
 * @param {import('./types.js').LoadFigures[]} rounds
 * @returns {import('./types.js').LoadFigures}
 */
export function medianFigures (rounds) {
  /** @param {(r: import('./types.js').LoadFigures) => number} pick */
  const of = (pick) => median(rounds.map(pick))
  return {
    requestsPerSecond: of(r => r.requestsPerSecond),
    bytesPerSecond: of(r => r.bytesPerSecond),
    p50: of(r => r.p50),
    p99: of(r => r.p99),
    errors: of(r => r.errors),
    timeouts: of(r => r.timeouts),
    non2xx: of(r => r.non2xx),
    requests: of(r => r.requests)
  }
}
