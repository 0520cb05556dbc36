import type { FastifyInstance } from 'fastify'
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client'
import type { BodyMetrics } from '@groundwork/body'
import type { Phase, ShutdownMetrics } from '@groundwork/graceful-close'
import type { ConnectionSnapshot } from '@groundwork/keep-alive'
import type { RoutingMetrics } from '@groundwork/routing'

/** @groundwork/static's `fastify.staticMetrics`, declared here until the package types it. */
export interface StaticMetrics {
  hotCache: { hits: number, misses: number, bytes: number, entries: number, evictions: number }
}

/** Where each number comes from: the packages' own snapshots, read at scrape time only. */
export interface MetricSources {
  connections: () => ConnectionSnapshot
  shutdown: () => ShutdownMetrics
  routing: () => RoutingMetrics
  body: () => BodyMetrics
  /** Absent while @groundwork/static has no `staticMetrics` decorator. */
  static?: () => StaticMetrics
}

// In phaseCode order; typed as Phase so a phase graceful-close adds or renames fails the build here.
const phases: readonly Phase[] = ['starting', 'ready', 'delaying', 'draining', 'closing', 'closed']

const connectionStates = ['active', 'idle', 'upgraded', 'streams'] as const

/**
 * static decorates the scope it is registered in (the page's), not the app: this reads it there,
 * and only if it exists, so the demo runs with a static that has no metrics yet.
 */
export function staticMetricsOf (scope: FastifyInstance): (() => StaticMetrics) | undefined {
  if (!scope.hasDecorator('staticMetrics')) return undefined
  return () => (scope as unknown as { staticMetrics: StaticMetrics }).staticMetrics
}

/**
 * A counter whose value is the package's own monotonic count, copied at scrape time. A Counter
 * (reset, then inc by the total) and not a Gauge: the packages' counts only grow from the app's
 * start, which is a counter's contract, and typed `counter` Prometheus' rate() and increase()
 * treat a restart (back to 0) as a reset instead of a fall.
 */
function countFrom (register: Registry, name: string, help: string, read: () => number): void {
  // eslint-disable-next-line no-new -- registering is the point; collect() reads the package at each scrape
  new Counter({ name, help, registers: [register], collect () { this.reset(); this.inc(read()) } })
}

function gaugeFrom (register: Registry, name: string, help: string, read: () => number): void {
  // eslint-disable-next-line no-new -- registering is the point; collect() reads the package at each scrape
  new Gauge({ name, help, registers: [register], collect () { this.set(read()) } })
}

/**
 * A registry of this app's own (never prom-client's global one, so two apps in one process never
 * share series): Node's process metrics and the Groundwork packages' numbers, all read when scraped.
 * Nothing here runs per request.
 */
export function createMetricsRegistry (sources: MetricSources): Registry {
  const register = new Registry()
  collectDefaultMetrics({ register })

  // keep-alive: the connection tracker.
  // eslint-disable-next-line no-new -- registering is the point; collect() reads the package at each scrape
  new Gauge({
    name: 'groundwork_connections',
    help: 'Open connections by state: active (a request being answered), idle (kept alive), upgraded (WebSockets), streams (event streams and other long-lived responses).',
    labelNames: ['state'],
    registers: [register],
    collect () {
      const snapshot = sources.connections()
      for (const state of connectionStates) this.set({ state }, snapshot[state])
    }
  })
  gaugeFrom(register, 'groundwork_connections_open', 'Connections open now on the public port.', () => sources.connections().open)
  gaugeFrom(register, 'groundwork_http2_sessions', 'HTTP/2 sessions open now on the public port (part of groundwork_connections_open; 0 without HTTP2).', () => sources.connections().sessions)
  gaugeFrom(register, 'groundwork_http2_streams', 'HTTP/2 streams open now on the public port, across its sessions (0 without HTTP2).', () => sources.connections().http2Streams)
  countFrom(register, 'groundwork_connections_accepted_total', 'Connections accepted on the public port since start.', () => sources.connections().accepted)
  countFrom(register, 'groundwork_connections_closed_total', 'Connections closed on the public port since start.', () => sources.connections().closed)
  countFrom(register, 'groundwork_requests_total', 'Requests received on the public port since start.', () => sources.connections().requests)

  // graceful-close: the shutdown sequence and readiness.
  gaugeFrom(register, 'groundwork_shutdown_phase', 'Shutdown phase: 0 starting, 1 ready, 2 delaying, 3 draining, 4 closing, 5 closed.', () => sources.shutdown().phaseCode)
  // eslint-disable-next-line no-new -- registering is the point; collect() reads the package at each scrape
  new Gauge({
    name: 'groundwork_shutdown_phase_info',
    help: 'One series per shutdown phase: 1 for the current one, 0 for the others.',
    labelNames: ['phase'],
    registers: [register],
    collect () {
      const current = sources.shutdown().phase
      for (const phase of phases) this.set({ phase }, phase === current ? 1 : 0)
    }
  })
  gaugeFrom(register, 'groundwork_ready', 'Whether readiness answers 200 now (1) or 503 (0).', () => sources.shutdown().ready ? 1 : 0)
  gaugeFrom(register, 'groundwork_maintenance', 'Whether maintenance is on (setReady(false), MAINTENANCE_FILE): readiness 503, traffic still served.', () => sources.shutdown().maintenance ? 1 : 0)
  gaugeFrom(register, 'groundwork_drain_duration_seconds', 'How long the drain took, growing while it runs; 0 before it starts.', () => sources.shutdown().drainDurationMs / 1000)
  countFrom(register, 'groundwork_websockets_told_total', 'WebSockets sent their close frame (1001) at the drain.', () => sources.shutdown().webSocketsTold)
  countFrom(register, 'groundwork_long_lived_cut_total', 'Long-lived connections destroyed at the LONG_LIVED_TIMEOUT_MS bound.', () => sources.shutdown().longLivedCut)
  gaugeFrom(register, 'groundwork_open_at_deadline', 'Requests and long-lived connections still open when SHUTDOWN_TIMEOUT_MS passed; 0 unless it did.', () => sources.shutdown().openAtDeadline)
  // eslint-disable-next-line no-new -- registering is the point; collect() reads the package at each scrape
  new Gauge({
    name: 'groundwork_readiness_check_passing',
    help: 'Whether each readiness check passed at its last run (1) or not (0).',
    labelNames: ['check'],
    registers: [register],
    collect () {
      this.reset()
      for (const [check, state] of Object.entries(sources.shutdown().checks)) this.set({ check }, state.passing ? 1 : 0)
    }
  })

  // routing: the answers it gives itself.
  const routing = sources.routing
  countFrom(register, 'groundwork_routing_not_found_total', '404 GW_ROUTING_NOT_FOUND answers.', () => routing().notFound)
  countFrom(register, 'groundwork_routing_method_not_allowed_total', '405 GW_ROUTING_METHOD_NOT_ALLOWED answers.', () => routing().methodNotAllowed)
  countFrom(register, 'groundwork_routing_options_answered_total', 'Automatic OPTIONS answers (204 with Allow).', () => routing().optionsAnswered)
  countFrom(register, 'groundwork_routing_trailing_slash_redirects_total', '308 trailing-slash redirects.', () => routing().trailingSlashRedirects)
  countFrom(register, 'groundwork_routing_uri_too_long_total', '414 GW_ROUTING_URI_TOO_LONG answers.', () => routing().uriTooLong)
  countFrom(register, 'groundwork_routing_connect_refused_total', 'CONNECT requests refused with 405.', () => routing().connectRefused)

  // body: rejected bodies by code, decompression.
  // eslint-disable-next-line no-new -- registering is the point; collect() reads the package at each scrape
  new Counter({
    name: 'groundwork_body_rejected_total',
    help: 'Request bodies rejected, by error code (every GW_BODY_* code a request can get, 0 when none).',
    labelNames: ['code'],
    registers: [register],
    collect () {
      this.reset()
      for (const [code, count] of Object.entries(sources.body().rejected)) this.inc({ code }, count)
    }
  })
  countFrom(register, 'groundwork_body_inflated_bytes_total', 'Bytes produced by decompressing request bodies.', () => sources.body().bytesInflated)
  countFrom(register, 'groundwork_body_inflated_total', 'Compressed request bodies inflated to their end.', () => sources.body().bodiesInflated)

  // static: the hot cache, once the package reports it.
  const hotCache = sources.static
  if (hotCache !== undefined) {
    countFrom(register, 'groundwork_static_hot_cache_hits_total', 'Static files answered from the in-memory hot cache.', () => hotCache().hotCache.hits)
    countFrom(register, 'groundwork_static_hot_cache_misses_total', 'Static files looked up in the hot cache and not found there.', () => hotCache().hotCache.misses)
    gaugeFrom(register, 'groundwork_static_hot_cache_bytes', 'Bytes the hot cache holds now.', () => hotCache().hotCache.bytes)
    gaugeFrom(register, 'groundwork_static_hot_cache_entries', 'Files the hot cache holds now.', () => hotCache().hotCache.entries)
    countFrom(register, 'groundwork_static_hot_cache_evictions_total', 'Files evicted from the hot cache to stay within its size.', () => hotCache().hotCache.evictions)
  }
  return register
}
