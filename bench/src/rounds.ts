// The measurement protocol: a pre-flight check per target, a warm-up per target, then rounds in
// which every target runs once, in the same order (A B A B ...), so drift hits all of them alike.
import { runLoad, preflight } from './load.js'
import { medianFigures } from './stats.js'
import { formatMs, formatRate } from './report.js'
import type { LoadFigures, Settings, TargetResult, TargetSpec, Unit } from './types.js'

export interface MeasureRun {
  targets: TargetSpec[]
  servers: Record<string, { origin: string }>
  settings: Settings
  unit: Unit
  say: (text: string) => void
}

export async function measureTargets ({ targets, servers, settings, unit, say }: MeasureRun): Promise<TargetResult[]> {
  const originOf = (target: TargetSpec): string => {
    const server = servers[target.server]
    if (server === undefined) throw new Error(`target "${target.id}" names an unknown server "${target.server}"`)
    return server.origin
  }
  const results: TargetResult[] = []
  for (const target of targets) {
    const check = await preflight(originOf(target), target.request, target.expectStatus, target.expectHeader)
    if (!check.ok) say(`  ! ${target.label}: ${check.problem}`)
    results.push({
      id: target.id,
      label: target.label,
      server: target.server,
      method: target.request.method ?? 'GET',
      path: target.request.paths === undefined ? target.request.path : `${target.request.path} (cycled)`,
      connections: target.request.connections ?? settings.connections,
      preflight: check,
      rounds: [],
      median: null
    })
  }
  if (settings.warmupSeconds > 0) {
    say(`  warm-up: ${targets.length} target${targets.length === 1 ? '' : 's'} × ${settings.warmupSeconds} s`)
    for (const target of targets) {
      await runLoad(originOf(target), target.request, { generator: settings.load, seconds: settings.warmupSeconds, connections: settings.connections })
    }
  }
  for (let round = 1; round <= settings.rounds; round++) {
    const figures: string[] = []
    for (const [index, target] of targets.entries()) {
      const result = results[index] as TargetResult
      const measured = await runLoad(originOf(target), target.request, { generator: settings.load, seconds: settings.roundSeconds, connections: settings.connections })
      result.rounds.push(measured)
      const value = unit === 'MB/s' ? measured.bytesPerSecond : measured.requestsPerSecond
      figures.push(`${target.id} ${formatRate(value, unit)}`)
    }
    say(`  round ${round}/${settings.rounds}: ${figures.join(' · ')}`)
  }
  for (const result of results) {
    result.median = medianFigures(result.rounds)
  }
  say(`  medians: ${results.map(result => {
    const m = result.median as LoadFigures
    return `${result.id} ${formatRate(unit === 'MB/s' ? m.bytesPerSecond : m.requestsPerSecond, unit)} p99 ${formatMs(m.p99)}`
  }).join(' · ')}`)
  return results
}
