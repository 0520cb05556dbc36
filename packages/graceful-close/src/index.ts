import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { resolveOptions, type GracefulCloseOptions } from './options.js'
import { addProbes } from './probes.js'
import { ShutdownSequence, type Drainer, type Phase, type ShutdownResult } from './sequence.js'
import { installSignalHandlers } from './signals.js'
import { ConnectionTracker } from './tracker.js'

export {
  GW_CLOSE_DEADLINE,
  GW_CLOSE_DELAY_EXCEEDS_TIMEOUT,
  GW_CLOSE_INVALID_OPTION,
  GW_CLOSE_LISTEN,
  GW_CLOSE_SECOND_SIGNAL
} from './errors.js'
export { listen, type ListenOptions } from './listen.js'
export { defaults, type ExitFunction, type GracefulCloseOptions, type ShutdownSignal, type SignalSource } from './options.js'
export type { Drainer, Phase, ShutdownResult, ShutdownTrigger } from './sequence.js'
export type { DrainResult, OpenRequest } from './tracker.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Runs the shutdown sequence (readiness 503, drain delay, drain, close) once; later calls get
     * the same promise. Exits the process only when the plugin was given an exit function.
     */
    shutdown: (reason?: string) => Promise<ShutdownResult>
    /** The current phase: starting, ready, delaying, draining, closing or closed. */
    readonly shutdownPhase: Phase
  }
}

const gracefulClose: FastifyPluginAsync<GracefulCloseOptions> = async (fastify, options) => {
  const opts = resolveOptions(options)
  const tracker = new ConnectionTracker(fastify.server)
  const sequence = new ShutdownSequence(fastify, opts, tracker)
  let signals: { uninstall: () => void } | undefined

  addProbes(fastify, opts, () => sequence.phase)
  fastify.decorate('shutdown', (reason = 'fastify.shutdown()') => sequence.run({ kind: 'manual', reason }))
  fastify.decorate('shutdownPhase', { getter: () => sequence.phase })

  fastify.addHook('onReady', async () => {
    // Detected here, not at register time, so @groundwork/keep-alive may be registered after us.
    if (fastify.hasDecorator('connections')) {
      const connections = (fastify as unknown as { connections: Drainer }).connections
      sequence.drainer = { drain: (drainOptions) => connections.drain(drainOptions) }
      sequence.drainerName = 'connections.drain()'
    }
    if (opts.handleSignals) {
      signals = installSignalHandlers(opts, fastify.log, opts.exit!, (trigger) => sequence.run(trigger))
    }
    sequence.phase = 'ready'
  })
  // A plain app.close() (not through the sequence) must also take the instance out of rotation.
  fastify.addHook('preClose', async () => {
    if (!sequence.running) sequence.phase = 'closing'
  })
  fastify.addHook('onClose', async () => {
    if (!sequence.running) sequence.phase = 'closed'
    signals?.uninstall()
    signals = undefined
  })
}

export { gracefulClose }
export default fp(gracefulClose, { name: '@groundwork/graceful-close', fastify: '5.x' })
