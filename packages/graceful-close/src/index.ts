import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import { trackConnections, type TrackedConnections } from '@groundwork/keep-alive'
import { GW_GRACEFUL_CLOSE_INVALID_OPTION } from './errors.js'
import { probeNodeInternals } from './node-internals.js'
import { resolveOptions, type GracefulCloseOptions } from './options.js'
import { shutdownMetrics, type ShutdownMetrics } from './metrics.js'
import { addProbes } from './probes.js'
import { Readiness, type ReadinessCheck, type ReadinessCheckOptions } from './readiness.js'
import { ShutdownSequence, type Connections, type Drainer, type Phase, type ShutdownResult } from './sequence.js'
import { installSignalHandlers } from './signals.js'

export {
  GW_GRACEFUL_CLOSE_DEADLINE,
  GW_GRACEFUL_CLOSE_DELAY_EXCEEDS_TIMEOUT,
  GW_GRACEFUL_CLOSE_INVALID_CHECK,
  GW_GRACEFUL_CLOSE_INVALID_OPTION,
  GW_GRACEFUL_CLOSE_LISTEN,
  GW_GRACEFUL_CLOSE_SECOND_SIGNAL,
  GW_GRACEFUL_CLOSE_SHUTTING_DOWN
} from './errors.js'
export { listen, type ListenOptions } from './listen.js'
export { GracefulCloseOptionsSchema, defaults, type ExitFunction, type GracefulCloseOptions, type ShutdownSignal, type SignalSource } from './options.js'
export type { Drainer, Phase, ShutdownResult, ShutdownTrigger } from './sequence.js'
export type { ShutdownMetrics } from './metrics.js'
export type { ReadinessStatus } from './probes.js'
export type { CheckResult, CheckState, CheckStatus, ReadinessCheck, ReadinessCheckOptions } from './readiness.js'
export type { DrainResult, LongLivedConnection, LongLivedKind, OpenRequest } from '@groundwork/keep-alive'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Runs the shutdown sequence (readiness 503, drain delay, drain, close) once; later calls get
     * the same promise. Exits the process only when the plugin was given an exit function.
     */
    shutdown: (reason?: string) => Promise<ShutdownResult>
    /** The current phase: starting, ready, delaying, draining, closing or closed. */
    readonly shutdownPhase: Phase
    /**
     * Aborts when the drain starts (its reason a GW_GRACEFUL_CLOSE_SHUTTING_DOWN error). A handler
     * that streams (SSE, long poll, a chunked download) or owns upgraded sockets listens to it to
     * send its last event, or close frame, and end; longLivedTimeout later, what is left is destroyed.
     */
    readonly shutdownSignal: AbortSignal
    /**
     * Adds a check that readiness runs on every probe (sharing a run still in flight): 200 only
     * once every check has passed once and passes now. A check passes when it resolves, with
     * anything but `false`, within its timeout (default 1000 ms); its signal aborts at the timeout.
     */
    addReadinessCheck: (name: string, check: ReadinessCheck, options?: ReadinessCheckOptions) => FastifyInstance
    /**
     * The maintenance switch: setReady(false) makes readiness 503 (`maintenance`) while liveness
     * stays 200 and traffic is still served; setReady(true) undoes it. It cannot undo a shutdown.
     */
    setReady: (ready: boolean) => FastifyInstance
    /** graceful-close's numbers (phase, maintenance, drain duration, connections cut): a fresh object on each read. */
    readonly shutdownMetrics: ShutdownMetrics
  }
  interface FastifyReply {
    /**
     * Declares this response long-lived (a long poll, a stream): it is counted apart from requests
     * and ended by the longLivedTimeout bound at shutdown instead of being waited for until the
     * deadline. Responses to `Accept: text/event-stream` requests are long-lived without it.
     */
    markLongLived: () => FastifyReply
  }
}

/** Whether a `fastify.connections` decorated by someone is @groundwork/keep-alive's tracker (or acts like it). */
function isTracker (value: unknown): value is Drainer {
  const candidate = value as Partial<Record<keyof Drainer, unknown>> | null | undefined
  return (['drain', 'closeAfterResponses', 'openRequests', 'longLived', 'markLongLived', 'closeLongLived'] as const)
    .every(method => typeof candidate?.[method] === 'function')
}

const gracefulClose: FastifyPluginAsync<GracefulCloseOptions> = async (fastify, options) => {
  const opts = resolveOptions(options)
  const internals = probeNodeInternals()
  if (internals.fallbacks.length > 0) {
    fastify.log.warn({ gracefulClose: { fallbacks: internals.fallbacks } },
      `@groundwork/graceful-close: Node ${process.versions.node} lacks a private behaviour the shutdown relies on; public fallback in use: ${internals.fallbacks.join('; ')}`)
  }
  let connections: Connections | undefined
  let own: TrackedConnections | undefined
  // One tracker per app, keep-alive's: the decorated one when @groundwork/keep-alive is registered
  // (before or after this plugin), otherwise an instance of it on fastify.server that only we use.
  const chooseConnections = (): Connections => {
    if (connections !== undefined) return connections
    const decorated: unknown = fastify.hasDecorator('connections') ? (fastify as unknown as { connections: unknown }).connections : undefined
    if (isTracker(decorated)) {
      connections = { tracker: decorated, via: 'fastify.connections' }
    } else {
      if (decorated !== undefined) {
        fastify.log.warn('@groundwork/graceful-close: fastify.connections is not @groundwork/keep-alive\'s connection tracker (it lacks some of drain(), closeAfterResponses(), openRequests(), longLived(), markLongLived() and closeLongLived()); graceful-close tracks the connections itself')
      }
      own = trackConnections(fastify.server, { log: fastify.log })
      connections = { tracker: own, via: 'own tracker' }
    }
    return connections
  }
  const sequence = new ShutdownSequence(fastify, opts, chooseConnections, internals.stopAccepting)
  let signals: { uninstall: () => void } | undefined

  const readiness = new Readiness(fastify.log)
  addProbes(fastify, opts, () => sequence.phase, readiness)
  fastify.decorate('addReadinessCheck', function (this: FastifyInstance, name: string, check: ReadinessCheck, options?: ReadinessCheckOptions) {
    readiness.add(name, check, options)
    return this
  })
  fastify.decorate('setReady', function (this: FastifyInstance, ready: boolean) {
    if (typeof ready !== 'boolean') throw new GW_GRACEFUL_CLOSE_INVALID_OPTION(`setReady() takes a boolean, not ${JSON.stringify(ready) ?? typeof ready}`)
    if (readiness.maintenance === ready) {
      readiness.maintenance = !ready
      fastify.log.info({ maintenance: !ready }, ready ? 'graceful-close: maintenance over, readiness follows the checks again' : 'graceful-close: maintenance, readiness is 503 while traffic is still served')
    }
    return this
  })
  fastify.decorate('shutdownMetrics', { getter: () => shutdownMetrics(sequence.phase, sequence.record, readiness) })
  fastify.decorate('shutdown', (reason = 'fastify.shutdown()') => sequence.run({ kind: 'manual', reason }))
  fastify.decorate('shutdownPhase', { getter: () => sequence.phase })
  fastify.decorate('shutdownSignal', { getter: () => sequence.signal })
  // A prototype method: nothing per request until a handler calls it.
  fastify.decorateReply('markLongLived', function (this: FastifyReply) {
    chooseConnections().tracker.markLongLived(this.raw)
    return this
  })

  fastify.addHook('onReady', async () => {
    // Here, not at register time, so @groundwork/keep-alive may be registered after us; and
    // before listen(), so the tracker sees every connection.
    chooseConnections()
    if (opts.handleSignals) {
      signals = installSignalHandlers(opts, fastify.log, opts.exit!, (trigger) => sequence.run(trigger))
    }
    sequence.phase = 'ready'
  })
  // A plain app.close() (not through the sequence) must also take the instance out of rotation and
  // tell long-lived connections to go (1001, where @fastify/websocket's own hook sends no code).
  fastify.addHook('preClose', async () => {
    if (sequence.running) return
    sequence.phase = 'closing'
    sequence.tellLongLived()
  })
  fastify.addHook('onClose', async () => {
    if (!sequence.running) sequence.phase = 'closed'
    own?.stop()
    signals?.uninstall()
    signals = undefined
  })
}

export { gracefulClose }
export default fp(gracefulClose, { name: '@groundwork/graceful-close', fastify: '5.x' })
