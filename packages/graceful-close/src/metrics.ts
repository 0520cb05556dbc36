import type { CheckState, Readiness } from './readiness.js'
import { PHASES, type Phase, type SequenceRecord } from './sequence.js'

/** graceful-close's numbers, read through `fastify.shutdownMetrics`: a fresh object on each read. */
export interface ShutdownMetrics {
  phase: Phase
  /** The phase's index in starting, ready, delaying, draining, closing, closed (0-5), for a gauge. */
  phaseCode: number
  /** Whether readiness is 200 now as far as the last check runs tell (phase, maintenance, checks). */
  ready: boolean
  /** Whether setReady(false) is in force. */
  maintenance: boolean
  /** Milliseconds the drain took (so far, while it runs); 0 before it starts. */
  drainDurationMs: number
  /** WebSockets sent their close frame at the drain. */
  webSocketsTold: number
  /** Long-lived connections destroyed at the longLivedTimeout bound. */
  longLivedCut: number
  /** Requests and long-lived connections still open when the deadline hit. */
  openAtDeadline: number
  /** Each readiness check's last state. */
  checks: Record<string, CheckState>
}

export function shutdownMetrics (phase: Phase, record: SequenceRecord, readiness: Readiness): ShutdownMetrics {
  const checks = readiness.states()
  const { drainStartedAt, drainEndedAt } = record
  return {
    phase,
    phaseCode: PHASES.indexOf(phase),
    ready: phase === 'ready' && !readiness.maintenance && Object.values(checks).every(check => check.passing),
    maintenance: readiness.maintenance,
    drainDurationMs: drainStartedAt === undefined ? 0 : Math.round((drainEndedAt ?? performance.now()) - drainStartedAt),
    webSocketsTold: record.webSocketsTold,
    longLivedCut: record.longLivedCut,
    openAtDeadline: record.openAtDeadline,
    checks
  }
}
