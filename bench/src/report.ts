// Renders a run's results as the Markdown table people read. Pure, unit-tested.
import type { ComparisonResult, LoadFigures, Report, ScenarioResult, TargetResult, Unit } from './types.js'

const MB = 1e6

/**
 * A throughput in its unit: "41.2k req/s", "512 MB/s".
 * @param value requests per second, or bytes per second for MB/s
 */
export function formatRate (value: number, unit: Unit): string {
  if (unit === 'MB/s') return `${significant(value / MB)} MB/s`
  if (value >= 1000) return `${(value / 1000).toFixed(1)}k req/s`
  return `${Math.round(value)} req/s`
}

export function formatMs (ms: number): string {
  return `${significant(ms)} ms`
}

export function formatBytes (bytes: number | null): string {
  if (bytes === null) return 'n/a'
  return `${significant(bytes / MB)} MB`
}

export function formatRatio (value: number | null): string {
  return value === null ? 'n/a' : `${value.toFixed(2)}×`
}

/** How far the round-by-round ratios spread: "0.91–1.04×". */
export function formatRange (range: { low: number, high: number } | null): string {
  return range === null ? 'n/a' : `${range.low.toFixed(2)}–${range.high.toFixed(2)}×`
}

export function verdict (met: boolean | null): string {
  if (met === null) return '–'
  return met ? '✓' : '✗'
}

export function formatDuration (seconds: number): string {
  const whole = Math.round(seconds)
  const minutes = Math.floor(whole / 60)
  return minutes > 0 ? `${minutes} min ${whole % 60} s` : `${whole} s`
}

/** Three significant digits at most, without trailing zeros: 0.93, 12.4, 512. */
function significant (value: number): string {
  if (value >= 100) return String(Math.round(value))
  if (value >= 10) return String(Number(value.toFixed(1)))
  return String(Number(value.toFixed(2)))
}

/** The value a comparison is made on, in the scenario's unit. */
export function headline (figures: LoadFigures, unit: Unit): number {
  return unit === 'MB/s' ? figures.bytesPerSecond : figures.requestsPerSecond
}

function figureCell (target: TargetResult | undefined, unit: Unit): string {
  if (target === undefined || target.median === null) return 'n/a'
  const m = target.median
  return `${formatRate(headline(m, unit), unit)} · p50 ${formatMs(m.p50)} · p99 ${formatMs(m.p99)}`
}

function comparisonRow (scenario: ScenarioResult, comparison: ComparisonResult): string[] {
  const byId = new Map(scenario.targets.map(target => [target.id, target]))
  const candidate = byId.get(comparison.candidate)
  const baseline = byId.get(comparison.baseline)
  const name = `${comparison.label}`
  if (comparison.skipped !== null) {
    return [scenario.group, name, figureCell(candidate, scenario.unit), comparison.skipped, '', '', targetText(comparison.target), '–']
  }
  const result = comparison.problem === null ? verdict(comparison.met) : `✗ ${comparison.problem}`
  return [
    scenario.group,
    name,
    figureCell(candidate, scenario.unit),
    figureCell(baseline, scenario.unit),
    formatRatio(comparison.ratio),
    formatRange(comparison.roundRange),
    targetText(comparison.target),
    result
  ]
}

function firstLine (text: string): string {
  const line = text.replace(/\n[\s\S]*$/, '')
  return line.length > 160 ? `${line.slice(0, 157)}...` : line
}

function targetText (target: number | null): string {
  return target === null ? 'report' : `≥ ${target}`
}

export function table (header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.map(cell => cell.replaceAll('|', '\\|')).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/** The whole Markdown report. */
export function renderMarkdown (report: Report): string {
  const { machine, settings } = report
  const load = (values: number[]): string => values.map(value => value.toFixed(2)).join(', ')
  const lines = [
    '# Groundwork benchmark results',
    '',
    `Command: \`${report.command}\` · ${report.startedAt} · ${formatDuration(report.seconds)}` +
      (report.complete ? '' : ' · partial run'),
    '',
    `Machine: ${machine.cpuCount} × ${machine.cpuModel} · ${formatBytes(machine.totalMemoryBytes)} RAM · ` +
      `${machine.platform} ${machine.release} · Node ${machine.node} · load average ${load(machine.loadAverageAtStart)} at the start, ` +
      `${load(machine.loadAverageAtEnd)} at the end`,
    '',
    `Method: ${settings.load} on 127.0.0.1, ${settings.connections} connections unless noted, each server in its own process, ` +
      `${machine.pinning}; ` +
      `${settings.warmupSeconds} s warm-up per target, then ${settings.rounds} round${settings.rounds === 1 ? '' : 's'} of ${settings.roundSeconds} s with the targets ` +
      'alternating (A B A B …); each figure is the median of the rounds. Ratio = the median of the round-by-round ' +
      'candidate / baseline ratios; Rounds = their lowest and highest, how much this run moved. A ratio whose Rounds span its ' +
      'target was not told apart from it by this run.',
    '',
    table(
      ['Group', 'Comparison', 'Candidate', 'Baseline', 'Ratio', 'Rounds', 'Target', 'Result'],
      report.scenarios.flatMap(scenario => [
        ...scenario.comparisons.map(comparison => comparisonRow(scenario, comparison)),
        ...(scenario.error === null ? [] : [[scenario.group, scenario.title, `could not be measured: ${firstLine(scenario.error)}`, '', '', '', '', '✗ crashed']])
      ])
    )
  ]
  const checks = report.scenarios.flatMap(scenario => scenario.checks.map(check => [
    scenario.group,
    check.label,
    check.value === null ? 'n/a' : check.unit === 'bytes' ? formatBytes(check.value) : `${significant(check.value)} ${check.unit}`,
    check.targetText,
    verdict(check.met) + (check.detail === null ? '' : ` ${check.detail}`)
  ]))
  if (checks.length > 0) {
    lines.push('', '## Memory checks', '', table(['Group', 'Check', 'Measured', 'Target', 'Result'], checks))
  }
  const memory = report.scenarios.flatMap(scenario => scenario.memory.map(server => [
    scenario.group, scenario.title, server.label, formatBytes(server.peakRssBytes)
  ]))
  if (memory.length > 0) {
    lines.push('', '## Peak RSS per server', '', table(['Group', 'Scenario', 'Server', 'Peak RSS'], memory))
  }
  const notes = report.scenarios.flatMap(scenario => scenario.notes.map(note => `- ${scenario.group} · ${scenario.title}: ${note}`))
  if (notes.length > 0) {
    lines.push('', '## Notes', '', ...notes)
  }
  return lines.join('\n') + '\n'
}
