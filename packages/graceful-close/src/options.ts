import closeWithGrace from 'close-with-grace'
import { GW_CLOSE_DELAY_EXCEEDS_TIMEOUT, GW_CLOSE_INVALID_OPTION } from './errors.js'

/** The signals close-with-grace can listen for. */
export type ShutdownSignal = closeWithGrace.Signals

/** Something that calls `fn` once on a signal or a process error, the way close-with-grace does. */
export type SignalSource = (
  options: closeWithGrace.Options,
  fn: closeWithGrace.CloseWithGraceAsyncCallback
) => { close: () => void, uninstall: () => void }

export type ExitFunction = (code: number) => void

export interface GracefulCloseOptions {
  /** Path of the readiness probe. Default `/health/ready`. */
  readinessPath?: string
  /** Path of the liveness probe. Default `/health/live`. */
  livenessPath?: string
  /** Milliseconds to keep serving after readiness turns 503, so load balancers step aside. Default 0. */
  drainDelay?: number
  /**
   * Milliseconds after the listener closes during which kept-alive connections may carry one more
   * request (answered with `Connection: close`) before the drain ends idle ones with a FIN. Default 1000.
   */
  closeIdleAfter?: number
  /** Milliseconds the whole sequence may take before the open requests are logged and it exits 1. Default 10000. */
  timeout?: number
  /** Install SIGTERM/SIGINT and uncaughtException/unhandledRejection handlers (close-with-grace). Default false. */
  handleSignals?: boolean
  /** Signals that start the sequence when `handleSignals` is true. Default `['SIGTERM', 'SIGINT']`. */
  signals?: ShutdownSignal[]
  /**
   * What ends the process once the sequence is over: a function, `true` for `process.exit`,
   * or `false` for nothing. Default: `process.exit` with `handleSignals`, nothing otherwise.
   */
  exit?: boolean | ExitFunction
  /** Replaces close-with-grace (tests inject a fake so no real process listener is installed). */
  signalSource?: SignalSource
}

export interface ResolvedOptions {
  readinessPath: string
  livenessPath: string
  drainDelay: number
  closeIdleAfter: number
  timeout: number
  handleSignals: boolean
  signals: ShutdownSignal[]
  exit: ExitFunction | undefined
  signalSource: SignalSource
}

export const defaults = {
  readinessPath: '/health/ready',
  livenessPath: '/health/live',
  drainDelay: 0,
  closeIdleAfter: 1000,
  timeout: 10_000,
  handleSignals: false,
  signals: ['SIGTERM', 'SIGINT'] as ShutdownSignal[]
}

/** Every signal close-with-grace knows, so the ones not asked for can be skipped. */
export const knownSignals: ShutdownSignal[] = [
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGSEGV', 'SIGUSR2', 'SIGTERM'
]

// Node's timers overflow above 2^31 - 1 ms and fire at once: reject such values here.
const maxTimer = 2 ** 31 - 1

function milliseconds (name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > maxTimer) {
    throw new GW_CLOSE_INVALID_OPTION(name, `expected an integer number of milliseconds from ${min} to ${maxTimer}, got ${String(value)}`)
  }
  return value
}

function path (name: string, value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/')) {
    throw new GW_CLOSE_INVALID_OPTION(name, `expected a path starting with "/", got ${JSON.stringify(value)}`)
  }
  return value
}

function exitFunction (value: unknown, handleSignals: boolean): ExitFunction | undefined {
  if (value === undefined) value = handleSignals
  if (value === true) return (code) => process.exit(code)
  if (value === false) {
    if (handleSignals) {
      throw new GW_CLOSE_INVALID_OPTION('exit', 'false cannot be combined with handleSignals: true, since close-with-grace always ends the process')
    }
    return undefined
  }
  if (typeof value !== 'function') {
    throw new GW_CLOSE_INVALID_OPTION('exit', `expected a boolean or a function, got ${typeof value}`)
  }
  return value as ExitFunction
}

export function resolveOptions (opts: GracefulCloseOptions): ResolvedOptions {
  const merged = { ...defaults, ...opts }
  if (typeof merged.handleSignals !== 'boolean') {
    throw new GW_CLOSE_INVALID_OPTION('handleSignals', `expected a boolean, got ${typeof merged.handleSignals}`)
  }
  if (!Array.isArray(merged.signals) || merged.signals.length === 0 || merged.signals.some(s => !knownSignals.includes(s))) {
    throw new GW_CLOSE_INVALID_OPTION('signals', `expected a non-empty array of ${knownSignals.join(', ')}`)
  }
  if (merged.signalSource !== undefined && typeof merged.signalSource !== 'function') {
    throw new GW_CLOSE_INVALID_OPTION('signalSource', `expected a function, got ${typeof merged.signalSource}`)
  }
  const resolved: ResolvedOptions = {
    readinessPath: path('readinessPath', merged.readinessPath),
    livenessPath: path('livenessPath', merged.livenessPath),
    drainDelay: milliseconds('drainDelay', merged.drainDelay, 0),
    closeIdleAfter: milliseconds('closeIdleAfter', merged.closeIdleAfter, 0),
    timeout: milliseconds('timeout', merged.timeout, 1),
    handleSignals: merged.handleSignals,
    signals: merged.signals,
    exit: exitFunction(merged.exit, merged.handleSignals),
    signalSource: merged.signalSource ?? closeWithGrace
  }
  if (resolved.readinessPath === resolved.livenessPath) {
    throw new GW_CLOSE_INVALID_OPTION('livenessPath', 'must differ from readinessPath')
  }
  if (resolved.drainDelay + resolved.closeIdleAfter >= resolved.timeout) {
    throw new GW_CLOSE_DELAY_EXCEEDS_TIMEOUT(resolved.drainDelay + resolved.closeIdleAfter, resolved.timeout)
  }
  return resolved
}
