// Shapes shared by the modules of the suite (the JSON report is made of these). Types only: nothing at run time.

export type Unit = 'req/s' | 'MB/s'

export type LoadGenerator = 'autocannon' | 'wrk'

/** One wrk run against one target, reduced to the figures the report uses. */
export interface LoadFigures {
  requestsPerSecond: number
  /** response bytes per second */
  bytesPerSecond: number
  /** latency percentiles in milliseconds */
  p50: number
  p99: number
  errors: number
  timeouts: number
  non2xx: number
  /** responses received */
  requests: number
}

/** What one target sends; every target of a scenario is measured in the same rounds. */
export interface LoadRequest {
  method?: string
  path: string
  headers?: Record<string, string>
  body?: string | Buffer
  connections?: number
  /** paths requested in turn instead of `path`, e.g. to cycle through many files */
  paths?: string[]
  /**
   * 'h2c': cleartext HTTP/2 with prior knowledge, loaded by h2load (Debian's nghttp2-client)
   * whichever --load is chosen, since neither wrk nor autocannon speaks HTTP/2.
   */
  protocol?: 'h2c'
}

export interface TargetSpec {
  id: string
  label: string
  /** the server the target runs against (a key of the scenario's servers) */
  server: string
  request: LoadRequest
  /** the status a correct server answers: checked once before the load */
  expectStatus: number
  /** a header the answer must carry, checked before the load (e.g. the static hot cache marker) */
  expectHeader?: { name: string, pattern: RegExp }
}

export interface TargetResult {
  id: string
  label: string
  server: string
  method: string
  path: string
  connections: number
  /** null when the pre-flight request failed */
  preflight: { status: number | null, ok: boolean, problem: string | null }
  rounds: LoadFigures[]
  median: LoadFigures | null
}

export interface ComparisonSpec {
  label: string
  candidate: string
  baseline: string
  /** the minimum ratio; null: reported only */
  target: number | null
  /** when set, the comparison is not measured and this reason is printed */
  skipped?: string
}

export interface ComparisonResult {
  label: string
  candidate: string
  baseline: string
  unit: Unit
  candidateValue: number | null
  baselineValue: number | null
  ratio: number | null
  /** the lowest and highest round-by-round ratio; null when the rounds do not pair up */
  roundRange: { low: number, high: number } | null
  target: number | null
  met: boolean | null
  skipped: string | null
  problem: string | null
}

export interface CheckResult {
  label: string
  /** the measured figure, in `unit` */
  value: number | null
  unit: string
  /** a human-readable target, e.g. "< 50 MB" */
  targetText: string
  met: boolean | null
  detail: string | null
}

export interface ServerMemory {
  server: string
  label: string
  peakRssBytes: number | null
}

export interface ScenarioResult {
  group: string
  id: string
  title: string
  unit: Unit
  targets: TargetResult[]
  comparisons: ComparisonResult[]
  checks: CheckResult[]
  memory: ServerMemory[]
  notes: string[]
  /** why the scenario could not be measured (a crash: the run exits non-zero) */
  error: string | null
  seconds: number
}

export interface Settings {
  warmupSeconds: number
  roundSeconds: number
  rounds: number
  connections: number
  load: LoadGenerator
}

export interface Machine {
  cpuModel: string
  cpuCount: number
  totalMemoryBytes: number
  platform: string
  release: string
  node: string
  loadAverageAtStart: number[]
  loadAverageAtEnd: number[]
  /** where servers and load generator ran, e.g. "servers pinned to CPU 1, the load generator to CPU 0 (taskset)" */
  pinning: string
}

export interface Report {
  command: string
  startedAt: string
  finishedAt: string
  seconds: number
  complete: boolean
  groups: string[]
  settings: Settings
  machine: Machine
  scenarios: ScenarioResult[]
}
