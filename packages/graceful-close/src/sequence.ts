import type { FastifyInstance } from 'fastify'
import type { ConnectionTracker } from '@groundwork/keep-alive'
import type { Server } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { GW_GRACEFUL_CLOSE_DEADLINE, GW_GRACEFUL_CLOSE_SHUTTING_DOWN } from './errors.js'
import type { ExitFunction } from './options.js'
import { refuseUpgrades } from './upgrade-refusal.js'
import { closeWebSockets } from './web-sockets.js'

/** Where the instance is in its life: `starting` until onReady, `ready` until a shutdown starts. */
export type Phase = 'starting' | 'ready' | 'delaying' | 'draining' | 'closing' | 'closed'

/** The phases in order: a phase's index is its number in metrics (a gauge cannot hold a string). */
export const PHASES: readonly Phase[] = ['starting', 'ready', 'delaying', 'draining', 'closing', 'closed']

/** What the sequence has done so far, for `fastify.shutdownMetrics`. */
export interface SequenceRecord {
  /** performance.now() when the drain started and ended (both undefined before). */
  drainStartedAt: number | undefined
  drainEndedAt: number | undefined
  /** WebSockets sent their close frame at the drain. */
  webSocketsTold: number
  /** Long-lived connections destroyed at the longLivedTimeout bound. */
  longLivedCut: number
  /** Requests and long-lived connections still open when the deadline hit (then the process exits 1). */
  openAtDeadline: number
}

export type ShutdownTrigger =
  | { kind: 'signal', signal: string }
  | { kind: 'error', error: unknown }
  | { kind: 'manual', reason: string }

export interface ShutdownResult {
  /** 0 after a clean sequence; 1 after an uncaught error, a failed close or the deadline. */
  exitCode: 0 | 1
  /** True when the sequence outlived `timeout`. */
  timedOut: boolean
  /** Milliseconds from the trigger to the end of the sequence (or the deadline). */
  durationMs: number
}

/**
 * What the sequence closes connections through: @groundwork/keep-alive's tracker, the one decorated
 * as `fastify.connections` or graceful-close's own instance of it.
 */
export type Drainer = Pick<ConnectionTracker,
  'closeAfterResponses' | 'drain' | 'openRequests' | 'upgraded' | 'longLived' | 'markLongLived' | 'closeLongLived'>

/** The tracker in use, and which one it is (logged with the drain). */
export interface Connections {
  tracker: Drainer
  via: 'fastify.connections' | 'own tracker'
}

export interface SequenceOptions {
  drainDelay: number
  closeIdleAfter: number
  timeout: number
  longLivedTimeout: number
  webSocketClose: { code: number, reason: string }
  exit: ExitFunction | undefined
}

function describe (trigger: ShutdownTrigger): string {
  if (trigger.kind === 'signal') return trigger.signal
  if (trigger.kind === 'error') return 'uncaught error'
  return trigger.reason
}

const since = (start: number): number => Math.round(performance.now() - start)

/**
 * The shutdown sequence, run at most once per instance whatever starts it: readiness 503 (and new
 * upgrades refused), drain delay, the listener closed with long-lived connections told to go
 * (shutdownSignal aborted, WebSockets sent their close code) and bounded by longLivedTimeout,
 * closeIdleAfter, drain, fastify.close(), exit. A ref'd deadline timer bounds the whole of it.
 */
export class ShutdownSequence {
  phase: Phase = 'starting'
  readonly #fastify: FastifyInstance
  readonly #opts: SequenceOptions
  readonly #connections: () => Connections
  readonly #stopAccepting: (server: Server) => void
  readonly record: SequenceRecord = { drainStartedAt: undefined, drainEndedAt: undefined, webSocketsTold: 0, longLivedCut: 0, openAtDeadline: 0 }
  /** Aborted when the drain starts: `fastify.shutdownSignal`. */
  readonly #draining = new AbortController()
  #running: Promise<ShutdownResult> | undefined

  /** `connections` is asked once the sequence starts: the tracker is chosen at onReady. */
  constructor (fastify: FastifyInstance, opts: SequenceOptions, connections: () => Connections, stopAccepting: (server: Server) => void) {
    this.#fastify = fastify
    this.#opts = opts
    this.#connections = connections
    this.#stopAccepting = stopAccepting
  }

  get running (): boolean {
    return this.#running !== undefined
  }

  get signal (): AbortSignal {
    return this.#draining.signal
  }

  /**
   * Aborts the shutdown signal and sends every open WebSocket its close code. Run by the drain, or
   * by a plain fastify.close() (never both), whose own hooks would otherwise end WebSockets with no
   * code and wait for streams. Returns how many WebSockets were told.
   */
  tellLongLived (): number {
    this.#draining.abort(new GW_GRACEFUL_CLOSE_SHUTTING_DOWN())
    const { code, reason } = this.#opts.webSocketClose
    return closeWebSockets(this.#fastify, code, reason)
  }

  run (trigger: ShutdownTrigger): Promise<ShutdownResult> {
    this.#running ??= this.#run(trigger)
    return this.#running
  }

  async #run (trigger: ShutdownTrigger): Promise<ShutdownResult> {
    const log = this.#fastify.log
    const start = performance.now()
    const cause = describe(trigger)
    const connections = this.#connections()
    if (this.phase !== 'closed') this.phase = 'delaying'
    if (trigger.kind === 'error') {
      log.error({ err: trigger.error }, 'graceful-close: uncaught error, shutting down (exit code will be 1)')
    }
    const refusing = this.phase === 'closed' ? false : refuseUpgrades(this.#fastify.server)
    log.info({ trigger: cause, drainDelayMs: this.#opts.drainDelay, timeoutMs: this.#opts.timeout, upgradesRefused: refusing },
      'graceful-close: shutdown started, readiness is now 503')

    // Ref'd on purpose (unlike the plugin's other timers): if a hook hangs on something that holds
    // no handle, this timer is what keeps the process alive long enough to report it and exit 1.
    let deadlineTimer: NodeJS.Timeout | undefined
    const deadline = new Promise<'deadline'>(resolve => {
      deadlineTimer = setTimeout(resolve, this.#opts.timeout, 'deadline')
    })
    let exitCode: 0 | 1 = trigger.kind === 'error' ? 1 : 0
    const outcome = await Promise.race([this.#steps(start, connections), deadline])
    clearTimeout(deadlineTimer)
    let timedOut = false
    if (outcome === 'deadline') {
      timedOut = true
      exitCode = 1
      const open = connections.tracker.openRequests()
      this.record.openAtDeadline = open.length + connections.tracker.longLived().length
      log.error({ err: new GW_GRACEFUL_CLOSE_DEADLINE(this.#opts.timeout, open.length), phase: this.phase, openRequests: open, longLived: connections.tracker.longLived() },
        `graceful-close: shutdown outlived its ${this.#opts.timeout} ms timeout in phase ${this.phase}; ${open.length} request(s) still open`)
    } else if (outcome !== undefined) {
      exitCode = 1
      log.error({ err: outcome }, 'graceful-close: closing failed')
    }
    const result: ShutdownResult = { exitCode, timedOut, durationMs: since(start) }
    log.info({ durationMs: result.durationMs, exitCode }, `graceful-close: shutdown finished in ${result.durationMs} ms, exit code ${exitCode}`)
    this.#opts.exit?.(exitCode)
    return result
  }

  /** Resolves with undefined on success or with the error fastify.close() failed with. */
  async #steps (start: number, { tracker, via }: Connections): Promise<unknown> {
    const log = this.#fastify.log
    if (this.phase === 'closed') return undefined
    let step = performance.now()
    if (this.#opts.drainDelay > 0) await sleep(this.#opts.drainDelay)
    log.info({ phase: 'drain-delay', durationMs: since(step) }, 'graceful-close: drain delay over')

    this.phase = 'draining'
    step = performance.now()
    this.record.drainStartedAt = step
    const budget = (): number => Math.max(1, this.#opts.timeout - since(start))
    // Stop accepting at the net.Server level first: http.Server#close() would also destroy idle
    // keep-alive sockets (Node >= 19) while requests may already be on the wire to them.
    const server = this.#fastify.server
    if (server.listening) this.#stopAccepting(server)
    // Long-lived connections never end on their own: each is told, in its protocol's words, and
    // bounded apart from the drain, so they cost longLivedTimeout at most, beside closeIdleAfter.
    const longLivedStep = performance.now()
    const longLived = tracker.closeLongLived({ timeout: Math.min(this.#opts.longLivedTimeout, budget()) })
    // A proxy with passive health checks (nginx OSS) still writes requests on its kept-alive
    // connections. Answering each with Connection: close lets it close them itself; a FIN sent
    // now would cross such a request on the wire and fail it.
    const lingering = this.#opts.closeIdleAfter > 0
      ? tracker.closeAfterResponses({ timeout: Math.min(this.#opts.closeIdleAfter, budget()) })
      : undefined
    // Told only now, so that whatever a handler answers on the signal already carries Connection: close.
    const webSocketsTold = this.tellLongLived()
    this.record.webSocketsTold = webSocketsTold
    if (lingering !== undefined) {
      const { remaining, upgraded } = await lingering
      log.info({ phase: 'close-idle-after', durationMs: since(step), remaining, upgraded },
        'graceful-close: listener closed, kept-alive connections answered with Connection: close')
      step = performance.now()
    }
    // Upgraded connections (WebSockets) are left to their owner, which closes them in its
    // preClose or onClose hook, inside fastify.close(): the drain does not wait for them.
    const { remaining, upgraded, timedOut } = await tracker.drain({ timeout: budget() })
    log.info({ phase: 'drain', durationMs: since(step), via, remaining, upgraded, timedOut },
      'graceful-close: connections drained')
    const { closed, cut } = await longLived
    this.record.drainEndedAt = performance.now()
    this.record.longLivedCut = cut.length
    const longLivedLog = { phase: 'long-lived', durationMs: since(longLivedStep), webSocketsTold, closed, cut }
    if (cut.length > 0) {
      log.warn(longLivedLog, `graceful-close: ${cut.length} long-lived connection(s) still open after longLivedTimeout (${this.#opts.longLivedTimeout} ms) were destroyed`)
    } else {
      log.info(longLivedLog, 'graceful-close: long-lived connections closed')
    }

    this.phase = 'closing'
    step = performance.now()
    try {
      await this.#fastify.close()
    } catch (error) {
      return error
    } finally {
      this.phase = 'closed'
    }
    log.info({ phase: 'close', durationMs: since(step) }, 'graceful-close: fastify.close() done')
    return undefined
  }
}
