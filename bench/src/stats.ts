// Pure figures: medians, ratios and verdicts. No I/O here, so it is unit-tested to 100%.
import type { LoadFigures } from './types.js'

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median (values: number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  const upper = sorted[middle] as number
  if (sorted.length % 2 === 1) return upper
  return ((sorted[middle - 1] as number) + upper) / 2
}

/** candidate / baseline, or null when the baseline is zero (nothing to compare against). */
export function ratio (candidate: number, baseline: number): number | null {
  if (!(baseline > 0)) return null
  return candidate / baseline
}

/**
 * The round-by-round ratios: round i of the candidate over round i of the baseline. The targets run
 * alternately, so a pair ran seconds apart and a burst of load from elsewhere on the machine hits
 * both. Null when the rounds do not pair up.
 */
export function roundRatios (candidateRounds: number[], baselineRounds: number[]): number[] | null {
  if (candidateRounds.length === 0 || candidateRounds.length !== baselineRounds.length) return null
  const ratios: number[] = []
  for (const [index, candidate] of candidateRounds.entries()) {
    const pair = ratio(candidate, baselineRounds[index] as number)
    if (pair === null) return null
    ratios.push(pair)
  }
  return ratios
}

/** The lowest and highest of a non-empty list: how far the round ratios of one comparison spread. */
export function spread (values: number[]): { low: number, high: number } {
  if (values.length === 0) throw new RangeError('spread of an empty list')
  return { low: Math.min(...values), high: Math.max(...values) }
}

/** Whether a ratio meets a "at least" target; null when there is no target or no ratio. */
export function meets (value: number | null, target: number | null): boolean | null {
  if (value === null || target === null) return null
  return value >= target
}

/** The median of every field of a list of load results, field by field. */
export function medianFigures (rounds: LoadFigures[]): LoadFigures {
  const of = (pick: (r: LoadFigures) => number): number => median(rounds.map(pick))
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
