import type { FastifyBaseLogger } from 'fastify'
import Type from 'typebox'
import { TIMER_MAX, compileOptions, describeProblems } from '@groundwork/shared'
import { GW_GRACEFUL_CLOSE_INVALID_CHECK } from './errors.js'

/**
 * A readiness check: it passes when it resolves (with anything but `false`) within its timeout.
 * `signal` aborts at the timeout, so the check can cancel what it started.
 */
export type ReadinessCheck = (context: { signal: AbortSignal }) => unknown

export interface ReadinessCheckOptions {
  /** Milliseconds the check may take before it counts as failed. Default 1000. */
  timeout?: number
}

export type CheckStatus = 'pass' | 'fail' | 'timeout'

export interface CheckResult {
  status: CheckStatus
  durationMs: number
}

/** What a check did last, for `fastify.shutdownMetrics`. */
export interface CheckState {
  /** Whether the last run passed. */
  passing: boolean
  /** Whether any run has passed yet: readiness waits for every check's first pass. */
  passedOnce: boolean
  /** Duration of the last run that settled (or timed out), in ms. */
  lastDurationMs: number
  /** Runs that failed or timed out since register. */
  failures: number
}

export const DEFAULT_CHECK_TIMEOUT = 1000

const CheckOptionsSchema = Type.Object({
  timeout: Type.Optional(Type.Integer({ minimum: 1, maximum: TIMER_MAX }))
}, { additionalProperties: false })
const checkOptions = compileOptions(CheckOptionsSchema)

interface Registered {
  name: string
  fn: ReadinessCheck
  timeout: number
  state: CheckState
  /** The run in flight, shared by every probe that asks meanwhile: a slow check never piles up. */
  running: Promise<CheckResult> | undefined
}

/** Whether the app wants traffic, apart from the shutdown: the checks, and the maintenance switch. */
export class Readiness {
  readonly #checks = new Map<string, Registered>()
  readonly #log: FastifyBaseLogger
  maintenance = false

  constructor (log: FastifyBaseLogger) {
    this.#log = log
  }

  get size (): number {
    return this.#checks.size
  }

  add (name: unknown, fn: unknown, options: unknown = {}): void {
    const problems: string[] = []
    if (typeof name !== 'string' || name.length === 0) problems.push('name must be a non-empty string')
    else if (this.#checks.has(name)) problems.push(`a check named "${name}" is already registered`)
    if (typeof fn !== 'function') problems.push('fn must be a function')
    const optionProblems = checkOptions.problems(options)
    if (optionProblems.length > 0) problems.push(describeProblems(optionProblems))
    if (problems.length > 0) throw new GW_GRACEFUL_CLOSE_INVALID_CHECK(problems.join('; '))
    const timeout = (options as ReadinessCheckOptions).timeout ?? DEFAULT_CHECK_TIMEOUT
    this.#checks.set(name as string, {
      name: name as string,
      fn: fn as ReadinessCheck,
      timeout,
      state: { passing: false, passedOnce: false, lastDurationMs: 0, failures: 0 },
      running: undefined
    })
  }

  states (): Record<string, CheckState> {
    return Object.fromEntries([...this.#checks.values()].map(check => [check.name, { ...check.state }]))
  }

  /** Runs every check (or joins its run in flight); each settles within its own timeout. */
  async evaluate (): Promise<{ passing: boolean, passedOnce: boolean, checks: Record<string, CheckResult> }> {
    const entries = await Promise.all([...this.#checks.values()].map(async check => [check.name, await this.#run(check)] as const))
    const checks = Object.fromEntries(entries)
    const passing = entries.every(([, result]) => result.status === 'pass')
    const passedOnce = [...this.#checks.values()].every(check => check.state.passedOnce)
    return { passing, passedOnce, checks }
  }

  #run (check: Registered): Promise<CheckResult> {
    check.running ??= this.#invoke(check).finally(() => { check.running = undefined })
    return check.running
  }

  async #invoke (check: Registered): Promise<CheckResult> {
    const started = performance.now()
    const controller = new AbortController()
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<'timeout'>(resolve => {
      timer = setTimeout(resolve, check.timeout, 'timeout')
      timer.unref()
    })
    let status: CheckStatus
    let error: unknown
    try {
      const outcome = await Promise.race([Promise.resolve().then(() => check.fn({ signal: controller.signal })), timedOut])
      status = outcome === 'timeout' ? 'timeout' : outcome === false ? 'fail' : 'pass'
    } catch (err) {
      status = 'fail'
      error = err
    } finally {
      clearTimeout(timer)
    }
    if (status === 'timeout') controller.abort()
    const durationMs = Math.round(performance.now() - started)
    const wasPassing = check.state.passing
    check.state.passing = status === 'pass'
    check.state.passedOnce ||= status === 'pass'
    check.state.lastDurationMs = durationMs
    if (status !== 'pass') check.state.failures++
    // Logged when a check changes state, not on every probe: a load balancer probes several times a second.
    if (wasPassing && status !== 'pass') {
      this.#log.warn({ check: check.name, status, durationMs, err: error }, `graceful-close: readiness check "${check.name}" failed (${status}); readiness is 503`)
    } else if (!wasPassing && status === 'pass' && check.state.failures > 0) {
      this.#log.info({ check: check.name, durationMs }, `graceful-close: readiness check "${check.name}" passes again`)
    }
    return { status, durationMs }
  }
}
