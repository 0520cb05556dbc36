import type { FastifyBaseLogger } from 'fastify'
import { GW_GRACEFUL_CLOSE_SECOND_SIGNAL } from './errors.js'
import { knownSignals, type ResolvedOptions, type ExitFunction } from './options.js'
import type { ShutdownResult, ShutdownTrigger } from './sequence.js'

/**
 * Wires SIGTERM/SIGINT and uncaught errors to the sequence through close-with-grace. Its own
 * deadline and logger are off: the sequence keeps the deadline and logs through Fastify.
 */
export function installSignalHandlers (
  opts: ResolvedOptions,
  log: FastifyBaseLogger,
  exit: ExitFunction,
  run: (trigger: ShutdownTrigger) => Promise<ShutdownResult>
): { uninstall: () => void } {
  const skip = [...knownSignals.filter(signal => !opts.signals.includes(signal)), 'beforeExit' as const]
  return opts.signalSource({
    delay: false,
    logger: false,
    skip,
    onSecondSignal (signal) {
      log.error({ err: new GW_GRACEFUL_CLOSE_SECOND_SIGNAL(signal) }, `second ${signal}: exiting 1 at once`)
      exit(1)
    },
    onSecondError (error) {
      log.error({ err: error }, 'another uncaught error while shutting down: exiting 1 at once')
      exit(1)
    }
  }, async ({ signal, err }) => {
    const trigger: ShutdownTrigger = err !== undefined
      ? { kind: 'error', error: err }
      : { kind: 'signal', signal: String(signal) }
    const result = await run(trigger)
    // close-with-grace exits 1 only when this rejects; exit() normally ended the process already.
    if (result.exitCode !== 0) throw new Error(`shutdown ended with exit code ${result.exitCode}`)
  })
}
