// Runs one scenario: gives it a context to start servers, measure and record checks, then reads
// every server's peak memory and stops them all, whatever happened.
import path from 'node:path'
import { compare } from './comparisons.js'
import { readMemoryOf } from './memory.js'
import { findNginx, startNginx } from './nginx.js'
import { startNodeServer, type ServerHandle } from './processes.js'
import { measureTargets } from './rounds.js'
import type { Workspace } from './fixtures.js'
import type { ServerKindName, StartOf } from './servers/kinds.js'
import type { CheckResult, ComparisonSpec, ScenarioResult, Settings, TargetSpec, Unit } from './types.js'

export interface ScenarioContext {
  settings: Settings
  /** progress on stderr */
  say: (text: string) => void
  /** the run's temporary directory */
  workspace: Workspace
  /**
   * Starts a Node server process of one kind with that kind's options; `key` is what targets name in
   * `server`. A kind whose start() takes no options takes none here.
   */
  start: <K extends ServerKindName>(key: string, label: string, kind: K, ...options: Parameters<StartOf<K>>) => Promise<ServerHandle>
  /** starts nginx serving `root`, or returns why it was skipped */
  startNginx: (key: string, label: string, root: string) => Promise<ServerHandle | string>
  measure: (targets: TargetSpec[], comparisons: ComparisonSpec[]) => Promise<void>
  check: (check: CheckResult) => void
  note: (text: string) => void
}

export interface Scenario {
  id: string
  title: string
  unit: Unit
  estimateSeconds: (settings: Settings) => number
  run: (context: ScenarioContext) => Promise<void>
}

export interface Group {
  /** what `pnpm bench <name>` selects */
  name: string
  title: string
  /** the built modules it imports (checked before anything runs) */
  needs: string[]
  scenarios: Scenario[]
}

export interface ScenarioRun {
  settings: Settings
  say: (text: string) => void
  workspace: Workspace
  /** every running server, for the run to stop them if it is interrupted */
  live: Set<ServerHandle>
}

export async function runScenario (group: Group, scenario: Scenario, { settings, say, workspace, live }: ScenarioRun): Promise<ScenarioResult> {
  const started = performance.now()
  const result: ScenarioResult = {
    group: group.name,
    id: scenario.id,
    title: scenario.title,
    unit: scenario.unit,
    targets: [],
    comparisons: [],
    checks: [],
    memory: [],
    notes: [],
    error: null,
    seconds: 0
  }
  const servers = new Map<string, ServerHandle>()
  /** Starts in flight: when one of several parallel starts fails, the others are still stopped. */
  const starting: Promise<unknown>[] = []
  const keep = async (key: string, start: () => Promise<ServerHandle>): Promise<ServerHandle> => {
    if (servers.has(key)) throw new Error(`two servers named "${key}"`)
    const pending = start()
    starting.push(pending)
    const handle = await pending
    servers.set(key, handle)
    live.add(handle)
    return handle
  }

  const context: ScenarioContext = {
    settings,
    say,
    workspace,
    async start (key, label, kind, ...options) {
      say(`  starting ${label}`)
      return keep(key, () => startNodeServer(label, kind, options[0] ?? {}))
    },
    async startNginx (key, label, root) {
      const binary = await findNginx()
      if (binary === null) return 'skipped: nginx not installed'
      say(`  starting ${label} (${binary})`)
      return keep(key, () => startNginx(binary, label, { root, dir: path.join(workspace.dir, `nginx-${scenario.id}`) }))
    },
    async measure (targets, comparisons) {
      const measured = await measureTargets({ targets, servers: Object.fromEntries(servers), settings, unit: scenario.unit, say })
      result.targets.push(...measured)
      result.comparisons.push(...compare(measured, comparisons, scenario.unit))
      for (const target of measured) {
        const errors = target.rounds.reduce((sum, round) => sum + round.errors + round.timeouts, 0)
        if (errors > 0) result.notes.push(`${target.label}: ${errors} connection errors or timeouts during the rounds`)
      }
    },
    check (check) {
      result.checks.push(check)
    },
    note (text) {
      result.notes.push(text)
    }
  }

  try {
    await scenario.run(context)
    for (const handle of servers.values()) {
      const failure = handle.failure()
      if (failure !== null) throw new Error(`${handle.label} died during the scenario: ${failure}`)
    }
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err)
    say(`  ✗ ${scenario.title}: ${result.error}`)
  } finally {
    await Promise.allSettled(starting)
    for (const [key, handle] of servers) {
      const memory = await readMemoryOf(handle.pids())
      result.memory.push({ server: key, label: handle.label, peakRssBytes: memory?.peakRssBytes ?? null })
    }
    await Promise.all([...servers.values()].map(async handle => {
      await handle.stop()
      live.delete(handle)
    }))
  }
  result.seconds = (performance.now() - started) / 1000
  return result
}
