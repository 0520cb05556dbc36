// Reads a /metrics answer two ways: a strict parser of the Prometheus text exposition format
// (version 0.0.4) of our own, which gives the values to assert on, and Prometheus' own promtool
// (`promtool check metrics`, Debian package `prometheus`), the reference, when it is asked for.
import { spawnSync } from 'node:child_process'

export interface Exposition {
  /** Each series' value, keyed `name` or `name{a="x",b="y"}` (labels in the order they were written). */
  samples: Map<string, number>
  /** Each family's declared type. */
  types: Map<string, string>
  /** Each family's help text. */
  help: Map<string, string>
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/
const types = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped'])
// The suffixes a histogram's or a summary's samples add to the family name.
const familySuffixes = ['_bucket', '_sum', '_count', '_created']

// As Prometheus reads them (Go's ParseFloat): NaN and Inf in any case; prom-client writes `Nan`.
function parseValue (text: string, where: string): number {
  const word = text.toLowerCase()
  if (word === '+inf' || word === 'inf') return Number.POSITIVE_INFINITY
  if (word === '-inf') return Number.NEGATIVE_INFINITY
  if (word === 'nan') return Number.NaN
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`${where}: expected a float value, got ${JSON.stringify(text)}`)
  return Number(text)
}

/** `{a="x",b="y"}` → the canonical text of the labels, checking names, quotes and escapes. */
function parseLabels (text: string, where: string): string {
  const labels: string[] = []
  const seen = new Set<string>()
  let rest = text
  while (rest.length > 0) {
    const match = /^([^=]*)="((?:[^"\\\n]|\\[\\"n])*)"(,?)/.exec(rest)
    if (match === null) throw new Error(`${where}: bad label list ${JSON.stringify(text)}`)
    const [whole, name, value, comma] = match as unknown as [string, string, string, string]
    if (!labelName.test(name) || name.startsWith('__')) throw new Error(`${where}: bad label name ${JSON.stringify(name)}`)
    if (seen.has(name)) throw new Error(`${where}: label ${name} given twice`)
    seen.add(name)
    labels.push(`${name}="${value}"`)
    rest = rest.slice(whole.length)
    if (comma === '' && rest.length > 0) throw new Error(`${where}: expected a comma between labels in ${JSON.stringify(text)}`)
  }
  return labels.join(',')
}

function familyOf (name: string, declared: Map<string, string>): string | undefined {
  if (declared.has(name)) return name
  for (const suffix of familySuffixes) {
    if (!name.endsWith(suffix)) continue
    const family = name.slice(0, -suffix.length)
    const type = declared.get(family)
    if (type === 'histogram' || type === 'summary') return family
  }
  return undefined
}

/**
 * Parses the text format strictly: every line a `# HELP`, a `# TYPE`, a sample or empty; every sample of a
 * family whose TYPE came before it; no family declared twice, no series twice; a newline at the end.
 * Throws with the line number at the first problem.
 */
export function parseExposition (text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('expected the exposition to end with a newline')
  const samples = new Map<string, number>()
  const declared = new Map<string, string>()
  const help = new Map<string, string>()
  const lines = text.slice(0, -1).split('\n')
  for (const [index, line] of lines.entries()) {
    const where = `line ${index + 1}`
    if (line.startsWith('#')) {
      const comment = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line)
      if (comment === null) continue // any other comment is allowed by the format
      const [, kind, name, rest] = comment as unknown as [string, string, string, string]
      if (!metricName.test(name)) throw new Error(`${where}: bad metric name ${JSON.stringify(name)}`)
      if (kind === 'HELP') {
        if (help.has(name)) throw new Error(`${where}: a second HELP for ${name}`)
        help.set(name, rest)
      } else {
        if (!types.has(rest)) throw new Error(`${where}: unknown type ${JSON.stringify(rest)} for ${name}`)
        if (declared.has(name)) throw new Error(`${where}: a second TYPE for ${name}`)
        declared.set(name, rest)
      }
      continue
    }
    if (line === '') continue // "empty lines are ignored" (prom-client writes one between families)
    if (line.trim() === '') throw new Error(`${where}: a line of only whitespace`)
    const sample = /^([^\s{]+)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line)
    if (sample === null) throw new Error(`${where}: not a sample: ${JSON.stringify(line)}`)
    const [, name, labelText, valueText] = sample as unknown as [string, string, string | undefined, string]
    if (!metricName.test(name)) throw new Error(`${where}: bad metric name ${JSON.stringify(name)}`)
    if (familyOf(name, declared) === undefined) throw new Error(`${where}: sample ${name} before (or without) its TYPE line`)
    const labels = labelText === undefined || labelText === '' ? '' : parseLabels(labelText, where)
    const key = labels === '' ? name : `${name}{${labels}}`
    if (samples.has(key)) throw new Error(`${where}: series ${key} given twice`)
    samples.set(key, parseValue(valueText, where))
  }
  return { samples, types: declared, help }
}

/** The value of one series; throws naming it when it is absent. */
export function valueOf (exposition: Exposition, key: string): number {
  const value = exposition.samples.get(key)
  if (value === undefined) throw new Error(`expected the series ${key} in the scrape; it is absent`)
  return value
}

export interface PromtoolResult {
  /** promtool's exit code: 0 clean, 1 unparseable, 3 lint problems */
  code: number
  /** one line per lint problem ("name message"), or the parse error */
  problems: string[]
}

/**
 * prom-client's default process metrics include three gauges named `*_total`, which promtool's lint
 * reports (the name suggests a counter). They are prom-client's names, not ours; every other lint
 * problem counts.
 */
export const promClientLintProblems = new Set([
  'nodejs_active_handles_total non-counter metrics should not have "_total" suffix',
  'nodejs_active_requests_total non-counter metrics should not have "_total" suffix',
  'nodejs_active_resources_total non-counter metrics should not have "_total" suffix'
])

/** Whether promtool is on this machine (PATH or /usr/bin, where the Debian package puts it). */
export function promtoolPath (): string | undefined {
  for (const candidate of ['promtool', '/usr/bin/promtool']) {
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' })
    if (probe.status === 0) return candidate
  }
  return undefined
}

/** `promtool check metrics < text`: its exit code and its complaints, minus prom-client's own three. */
export function promtoolCheck (promtool: string, text: string): PromtoolResult {
  const run = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' })
  if (run.error !== undefined) throw run.error
  const problems = `${run.stdout}${run.stderr}`.split('\n').map(line => line.trim()).filter(line => line !== '' && !promClientLintProblems.has(line))
  // Exit 3 with only prom-client's three problems is a clean exposition of ours.
  const code = run.status === 3 && problems.length === 0 ? 0 : (run.status ?? -1)
  return { code, problems }
}
