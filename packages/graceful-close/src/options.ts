import closeWithGrace from 'close-with-grace'
import Type, { type Static } from 'typebox'
import { TIMER_MAX, compileOptions, describeProblems, type OptionProblem } from '@groundwork/shared'
import { GW_GRACEFUL_CLOSE_DELAY_EXCEEDS_TIMEOUT, GW_GRACEFUL_CLOSE_INVALID_OPTION } from './errors.js'

/** The signals close-with-grace can listen for. */
export type ShutdownSignal = closeWithGrace.Signals

/** Something that calls `fn` once on a signal or a process error, the way close-with-grace does. */
export type SignalSource = (
  options: closeWithGrace.Options,
  fn: closeWithGrace.CloseWithGraceAsyncCallback
) => { close: () => void, uninstall: () => void }

export type ExitFunction = (code: number) => void

/** Every signal close-with-grace knows, so the ones not asked for can be skipped. */
export const knownSignals: ShutdownSignal[] = [
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGSEGV', 'SIGUSR2', 'SIGTERM'
]

const path = (description: string) => Type.Refine(
  Type.String({ description }),
  value => value.startsWith('/'),
  () => 'must be a path starting with "/"'
)
const milliseconds = (minimum: number, description: string) => Type.Integer({ minimum, maximum: TIMER_MAX, description })

/** Close codes a server may send (RFC 6455 section 7.4 and IANA's registry; 1004-1006 and 1015 are never sent). */
function isSendableCloseCode (code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999)
}

/** A close frame's reason shares its 125-byte payload with the 2-byte code. */
const MAX_CLOSE_REASON_BYTES = 123

/**
 * The plugin's options, checked once at register time. Rules across fields (distinct probe paths,
 * `exit: false` without `handleSignals`, `drainDelay + max(closeIdleAfter, longLivedTimeout) < timeout`) are code, in resolveOptions().
 */
export const GracefulCloseOptionsSchema = Type.Object({
  readinessPath: Type.Optional(path('Path of the readiness probe. Default /health/ready.')),
  livenessPath: Type.Optional(path('Path of the liveness probe. Default /health/live.')),
  drainDelay: Type.Optional(milliseconds(0, 'Milliseconds to keep serving after readiness turns 503, so load balancers step aside. Default 0.')),
  closeIdleAfter: Type.Optional(milliseconds(0, 'Milliseconds after the listener closes during which kept-alive connections may carry one more request (answered with Connection: close) before the drain ends idle ones with a FIN. Default 1000.')),
  timeout: Type.Optional(milliseconds(1, 'Milliseconds the whole sequence may take before the open requests are logged and it exits 1. Default 10000.')),
  longLivedTimeout: Type.Optional(milliseconds(0, 'Milliseconds from the start of the drain that WebSockets and streams get to close after their goodbye (a close frame, the aborted shutdownSignal) before they are destroyed and logged. Default 1000.')),
  webSocketClose: Type.Optional(Type.Object({
    code: Type.Optional(Type.Refine(
      Type.Integer({ description: 'Close code sent to every WebSocket at the drain. Default 1001 (Going Away).' }),
      isSendableCloseCode,
      () => 'must be a close code a server may send: 1000-1003, 1007-1014 or 3000-4999'
    )),
    reason: Type.Optional(Type.Refine(
      Type.String({ description: 'Close reason sent with it. Default "server shutting down".' }),
      reason => Buffer.byteLength(reason) <= MAX_CLOSE_REASON_BYTES,
      () => `must be at most ${MAX_CLOSE_REASON_BYTES} bytes in UTF-8`
    ))
  }, { additionalProperties: false })),
  handleSignals: Type.Optional(Type.Boolean({ description: 'Install SIGTERM/SIGINT and uncaughtException/unhandledRejection handlers (close-with-grace). Default false.' })),
  signals: Type.Optional(Type.Array(Type.Unsafe<ShutdownSignal>(Type.Refine(
    Type.String(),
    signal => (knownSignals as string[]).includes(signal),
    () => `must be one of ${knownSignals.join(', ')}`
  )), { minItems: 1, description: 'Signals that start the sequence when handleSignals is true. Default [SIGTERM, SIGINT].' })),
  exit: Type.Optional(Type.Unsafe<boolean | ExitFunction>(Type.Refine(
    Type.Unknown({ description: 'What ends the process once the sequence is over: a function, true for process.exit, or false for nothing.' }),
    value => value === undefined || typeof value === 'boolean' || typeof value === 'function',
    () => 'must be a boolean or a function'
  ))),
  signalSource: Type.Optional(Type.Unsafe<SignalSource>(Type.Function([], Type.Unknown(), { description: 'Replaces close-with-grace (tests inject a fake so no real process listener is installed).' })))
}, { additionalProperties: false })

export type GracefulCloseOptions = Static<typeof GracefulCloseOptionsSchema>

const optionsCheck = compileOptions(GracefulCloseOptionsSchema)

export interface ResolvedOptions {
  readinessPath: string
  livenessPath: string
  drainDelay: number
  closeIdleAfter: number
  timeout: number
  longLivedTimeout: number
  webSocketClose: { code: number, reason: string }
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
  longLivedTimeout: 1000,
  webSocketClose: { code: 1001, reason: 'server shutting down' },
  handleSignals: false,
  signals: ['SIGTERM', 'SIGINT'] as ShutdownSignal[]
}

function exitFunction (value: boolean | ExitFunction | undefined, handleSignals: boolean): ExitFunction | undefined {
  const exit = value ?? handleSignals
  if (exit === true) return (code) => process.exit(code)
  if (exit === false) return undefined
  return exit
}

/** Validates the options (every problem at once) and fills in the defaults. */
export function resolveOptions (opts: GracefulCloseOptions): ResolvedOptions {
  const problems = optionsCheck.problems(opts)
  if (problems.length > 0) throw new GW_GRACEFUL_CLOSE_INVALID_OPTION(describeProblems(problems))
  const handleSignals = opts.handleSignals ?? defaults.handleSignals
  const resolved: ResolvedOptions = {
    readinessPath: opts.readinessPath ?? defaults.readinessPath,
    livenessPath: opts.livenessPath ?? defaults.livenessPath,
    drainDelay: opts.drainDelay ?? defaults.drainDelay,
    closeIdleAfter: opts.closeIdleAfter ?? defaults.closeIdleAfter,
    timeout: opts.timeout ?? defaults.timeout,
    longLivedTimeout: opts.longLivedTimeout ?? defaults.longLivedTimeout,
    webSocketClose: {
      code: opts.webSocketClose?.code ?? defaults.webSocketClose.code,
      reason: opts.webSocketClose?.reason ?? defaults.webSocketClose.reason
    },
    handleSignals,
    signals: opts.signals ?? defaults.signals,
    exit: exitFunction(opts.exit, handleSignals),
    signalSource: opts.signalSource ?? closeWithGrace
  }
  const conflicts: OptionProblem[] = []
  if (resolved.readinessPath === resolved.livenessPath) {
    conflicts.push({ path: 'livenessPath', message: 'must differ from readinessPath' })
  }
  if (opts.exit === false && handleSignals) {
    conflicts.push({ path: 'exit', message: 'false cannot be combined with handleSignals: true, since close-with-grace always ends the process' })
  }
  if (conflicts.length > 0) throw new GW_GRACEFUL_CLOSE_INVALID_OPTION(describeProblems(conflicts))
  // The long-lived bound runs beside closeIdleAfter, both from the start of the drain. Its default
  // is not held against a short timeout the user chose: the sequence clamps it to what is left.
  const planned = resolved.drainDelay + Math.max(resolved.closeIdleAfter, opts.longLivedTimeout ?? 0)
  if (planned >= resolved.timeout) throw new GW_GRACEFUL_CLOSE_DELAY_EXCEEDS_TIMEOUT(planned, resolved.timeout)
  return resolved
}
