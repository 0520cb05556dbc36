// Runs one scenario: gives it a context to start servers, measure and record checks, then reads
// every server's peak memory and stops them all, whatever happened.
import path from 'node:path'
import { compare } from './comparisons.js'
import { readMemoryOf } from './memory.js'
import { findNginx, startNginx } from './nginx.js'
import { startNodeServer } from './processes.js'
import { measureTargets } from './rounds.js'

/** @typedef {import('./processes.js').ServerHandle} ServerHandle */

/**
 * @typedef {object} ScenarioContext
 * @property {import('./types.js').Settings} settings
 * @property {(text: string) => void} say progress on stderr
 * @property {import('./fixtures.js').Workspace} workspace the run's temporary directory
 * @property {(key: string, label: string, kind: string, options?: Record<string, unknown>) => Promise<ServerHandle>} start
 *   starts a Node server process; `key` is what targets name in `server`
 * @property {(key: string, label: string, root: string) => Promise<ServerHandle | string>} startNginx
 *   starts nginx serving `root`, or returns why it was skipped
 * @property {(targets: import('./types.js').TargetSpec[], comparisons: import('./types.js').ComparisonSpec[]) => Promise<void>} measure
 * @property {(check: import('./types.js').CheckResult) => void} check
 * @property {(text: string) => void} note
 */

/**
 * @typedef {object} Scenario
 * @property {string} id
 * @property {string} title
 * @property {import('./types.js').Unit} unit
 * @property {(settings: import('./types.js').Settings) => number} estimateSeconds
 * @property {(context: ScenarioContext) => Promise<void>} run
 */

/**
 * @typedef {object} Group
 * @property {string} name what `pnpm bench <name>` selects
 * @property {string} title
 * @property {string[]} needs the built modules it imports (checked before anything runs)
 * @property {Scenario[]} scenarios
 */

/**
 * @param {Group} group
 * @param {Scenario} scenario
 * @param {object} run
 * @param {import('./types.js').Settings} run.settings
 * @param {(text: string) => void} run.say
 * @param {import('./fixtures.js').Workspace} run.workspace
 * @param {Set<ServerHandle>} run.live every running server, for the run to stop them if it is interrupted
 * @returns {Promise<import('./types.js').ScenarioResult>}
 */
export async function runScenario (group, scenario, { settings, say, workspace, live }) {
  const started = performance.now()
  /** @type {import('./types.js').ScenarioResult} */
  const result = {
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
  /** @type {Map<string, ServerHandle>} */
  const servers = new Map()
  /** Starts in flight: when one of several parallel starts fails, the others are still stopped. */
  /** @type {Promise<unknown>[]} */
  const starting = []
  /**
   * @param {string} key
   * @param {() => Promise<ServerHandle>} start
   */
  const keep = async (key, start) => {
    if (servers.has(key)) throw new Error(`two servers named "${key}"`)
    const pending = start()
    starting.push(pending)
    const handle = await pending
    servers.set(key, handle)
    live.add(handle)
    return handle
  }

  /** @type {ScenarioContext} */
  const context = {
    settings,
    say,
    workspace,
    async start (key, label, kind, options = {}) {
      say(`  starting ${label}`)
      return keep(key, () => startNodeServer(label, kind, options))
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
