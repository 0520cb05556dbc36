// Turns measured targets into candidate / baseline comparisons with their verdicts: the ratio is the
// median of the round-by-round ratios when the rounds pair up (a disturbed pair does not move it),
// and their lowest and highest are kept to show how much the run itself moved. Pure, unit-tested.
import { median, meets, ratio, roundRatios, spread } from './stats.js'
import { headline } from './report.js'
import type { ComparisonResult, ComparisonSpec, TargetResult, Unit } from './types.js'

export function compare (targets: TargetResult[], specs: ComparisonSpec[], unit: Unit): ComparisonResult[] {
  const byId = new Map(targets.map(target => [target.id, target]))
  return specs.map(spec => {
    const candidate = byId.get(spec.candidate)
    const baseline = byId.get(spec.baseline)
    const candidateValue = candidate?.median == null ? null : headline(candidate.median, unit)
    const baselineValue = baseline?.median == null ? null : headline(baseline.median, unit)
    const base = { label: spec.label, candidate: spec.candidate, baseline: spec.baseline, unit, target: spec.target }
    if (spec.skipped !== undefined) {
      return { ...base, candidateValue, baselineValue: null, ratio: null, roundRange: null, met: null, skipped: spec.skipped, problem: null }
    }
    const problems = [candidate, baseline]
      .map((target, index) => {
        const id = index === 0 ? spec.candidate : spec.baseline
        if (target === undefined) return `${id}: not measured`
        return target.preflight.ok ? null : `${target.label}: ${target.preflight.problem}`
      })
      .filter(problem => problem !== null)
    const paired = candidateValue === null || baselineValue === null || candidate === undefined || baseline === undefined
      ? null
      : roundRatios(candidate.rounds.map(round => headline(round, unit)), baseline.rounds.map(round => headline(round, unit)))
    const value = paired !== null
      ? median(paired)
      : candidateValue === null || baselineValue === null ? null : ratio(candidateValue, baselineValue)
    const problem = problems.length === 0 ? null : problems.join('; ')
    return {
      ...base,
      candidateValue,
      baselineValue,
      ratio: value,
      roundRange: paired === null ? null : spread(paired),
      met: problem === null ? meets(value, spec.target) : null,
      skipped: null,
      problem
    }
  })
}
