import {
  GW_KEEPALIVE_HEADERS_AFTER_REQUEST_TIMEOUT,
  GW_KEEPALIVE_INVALID_OPTION,
  GW_KEEPALIVE_NEGATIVE_VALUE,
  GW_KEEPALIVE_NON_FINITE_VALUE,
  GW_KEEPALIVE_NOT_ABOVE_UPSTREAM,
  GW_KEEPALIVE_UNKNOWN_OPTION,
  GW_KEEPALIVE_UNKNOWN_PRESET,
  GW_KEEPALIVE_VALUE_TOO_LARGE
} from './errors.js'
import { MIN_CHECKING_INTERVAL, deriveCheckingInterval } from './checking-interval.js'
import { deriveFromUpstream, presetNames, presets } from './presets.js'
import type { PresetName, ServerTimeouts } from './presets.js'

export interface KeepAliveOptions {
  /** Named defaults: 'aws-alb', 'gcp-lb', 'nginx' (behind that proxy) or 'direct' (no proxy). */
  preset?: PresetName
  /** The proxy's idle timeout (ms); keepAliveTimeout, headersTimeout and requestTimeout are derived from it. */
  upstreamIdleTimeout?: number
  /** server.keepAliveTimeout: how long an idle keep-alive connection stays open (ms). */
  keepAliveTimeout?: number
  /** server.headersTimeout: time allowed to receive the request headers (ms). */
  headersTimeout?: number
  /** server.requestTimeout: time allowed to receive the whole request (ms). 0 disables it. */
  requestTimeout?: number
  /** server.timeout: socket inactivity timeout while a request is in progress (ms). 0 disables it. */
  timeout?: number
  /** server.maxRequestsPerSocket: requests served on one connection before it is closed. 0 = unlimited. */
  maxRequestsPerSocket?: number
  /**
   * server.connectionsCheckingInterval: how often Node enforces headersTimeout/requestTimeout (ms).
   * Derived from those limits when they are set here (explicitly, from upstreamIdleTimeout or a preset),
   * unless the server already has a finer one.
   */
  connectionsCheckingInterval?: number
  /** server.keepAliveTimeoutBuffer (Node >= 24.6 only; Node 20 and 22 use a fixed 1000 ms). */
  keepAliveTimeoutBuffer?: number
  /** Default timeout of fastify.connections.drain() (ms). */
  drainTimeout?: number
}

export const DEFAULT_DRAIN_TIMEOUT = 10_000
/** Node arms timers with a 32-bit signed delay; anything larger fires after 1 ms. */
export const TIMER_MAX = 2_147_483_647
/** The socket timeout Node arms for an idle keep-alive connection is keepAliveTimeout plus this buffer on Node 20. */
export const NODE_KEEP_ALIVE_BUFFER = 1_000
const VERY_LONG_KEEP_ALIVE = 15 * 60_000

const timeoutKeys = ['keepAliveTimeout', 'headersTimeout', 'requestTimeout', 'timeout', 'maxRequestsPerSocket', 'connectionsCheckingInterval'] as const
type TimeoutKey = typeof timeoutKeys[number]
const numericKeys = [...timeoutKeys, 'upstreamIdleTimeout', 'keepAliveTimeoutBuffer', 'drainTimeout'] as const
// Fastify adds its own register options to the plugin's options object.
const registerKeys = ['prefix', 'logLevel', 'logSerializers']
const knownKeys = new Set<string>(['preset', ...numericKeys, ...registerKeys])

export type SettingSource = 'explicit' | 'derived' | 'preset' | 'server'

export interface ResolvedSettings {
  /** The values the server runs with once the plugin has applied its own. */
  effective: ServerTimeouts
  /** Only the values the plugin sets on the server (the rest stay as the server has them). */
  applied: Partial<ServerTimeouts>
  /** Where each effective value came from. */
  sources: Record<TimeoutKey, SettingSource>
  upstreamIdleTimeout: number | undefined
  /** Set only when requested and supported by the running Node. */
  keepAliveTimeoutBuffer: number | undefined
  /** Requested but not available on this Node. */
  unsupported: string[]
  drainTimeout: number
  /** The connectionsCheckingInterval keep-alive derives for the limits in force, applied or not. */
  derivedCheckingInterval: number | undefined
  /**
   * The connectionsCheckingInterval keep-alive would have set (explicit or derived) but left alone
   * because the server was already listening: Node reads it only when the server starts listening.
   */
  heldCheckingInterval: number | undefined
}

export interface ResolveContext {
  /** The values the server has before the plugin touches it. */
  inherited: ServerTimeouts
  /** Whether the server has a keepAliveTimeoutBuffer property (Node >= 24.6). */
  bufferSupported: boolean
  /** Whether the server already listens, so that Node's connections check is armed with the interval it had then. */
  listening?: boolean
}

/** Checks a millisecond (or count) value and returns it; throws the matching coded error. */
export function checkNumber (name: string, value: unknown, max: number): number {
  if (typeof value !== 'number') {
    throw new GW_KEEPALIVE_INVALID_OPTION(name, `expected a number of milliseconds, got ${typeof value}`)
  }
  if (!Number.isFinite(value)) {
    throw new GW_KEEPALIVE_NON_FINITE_VALUE(name, String(value))
  }
  if (value < 0) {
    throw new GW_KEEPALIVE_NEGATIVE_VALUE(name, value)
  }
  if (!Number.isInteger(value)) {
    throw new GW_KEEPALIVE_INVALID_OPTION(name, `expected an integer, got ${value} (Node rejects fractions in http.createServer)`)
  }
  if (value > max) {
    throw new GW_KEEPALIVE_VALUE_TOO_LARGE(name, value, max)
  }
  return value
}

function maxFor (name: string, buffer: number): number {
  if (name === 'maxRequestsPerSocket') return Number.MAX_SAFE_INTEGER
  // Node arms keepAliveTimeout + buffer as one timer.
  if (name === 'keepAliveTimeout') return TIMER_MAX - buffer
  return TIMER_MAX
}

/**
 * Validates the options and works out every server value: explicit options win over values
 * derived from upstreamIdleTimeout, which win over the preset's fixed values, which win over
 * what the server already has. Throws a GW_KEEPALIVE_* error naming the value to change.
 */
export function resolveSettings (options: KeepAliveOptions, context: ResolveContext): ResolvedSettings {
  const opts = options as Record<string, unknown>
  for (const key of Object.keys(opts)) {
    if (!knownKeys.has(key)) throw new GW_KEEPALIVE_UNKNOWN_OPTION(key, ['preset', ...numericKeys].join(', '))
  }
  const presetName = opts.preset
  if (presetName !== undefined && !presetNames.includes(presetName as PresetName)) {
    throw new GW_KEEPALIVE_UNKNOWN_PRESET(String(presetName), presetNames.join(', '))
  }
  const preset = presetName === undefined ? undefined : presets[presetName as PresetName]

  const bufferOption = opts.keepAliveTimeoutBuffer === undefined ? undefined : checkNumber('keepAliveTimeoutBuffer', opts.keepAliveTimeoutBuffer, TIMER_MAX)
  const buffer = bufferOption ?? NODE_KEEP_ALIVE_BUFFER
  const explicit: Partial<ServerTimeouts> = {}
  for (const key of timeoutKeys) {
    if (opts[key] !== undefined) explicit[key] = checkNumber(key, opts[key], maxFor(key, buffer))
  }
  const drainTimeout = opts.drainTimeout === undefined ? DEFAULT_DRAIN_TIMEOUT : checkNumber('drainTimeout', opts.drainTimeout, TIMER_MAX)
  let upstreamIdleTimeout = preset?.upstreamIdleTimeout
  if (opts.upstreamIdleTimeout !== undefined) {
    upstreamIdleTimeout = checkNumber('upstreamIdleTimeout', opts.upstreamIdleTimeout, TIMER_MAX)
    if (upstreamIdleTimeout === 0) {
      throw new GW_KEEPALIVE_INVALID_OPTION('upstreamIdleTimeout', 'a proxy idle timeout of 0 means the proxy does not keep connections; omit upstreamIdleTimeout instead')
    }
  }

  const derived = upstreamIdleTimeout === undefined ? {} : deriveFromUpstream(upstreamIdleTimeout)
  const applied: Partial<ServerTimeouts> = {}
  const effective = { ...context.inherited }
  const sources = {} as Record<TimeoutKey, SettingSource>
  for (const key of timeoutKeys) {
    const layers: Array<[SettingSource, number | undefined]> = [
      ['explicit', explicit[key]],
      ['derived', (derived as Partial<ServerTimeouts>)[key]],
      ['preset', preset?.values[key]]
    ]
    const found = layers.find(([, value]) => value !== undefined)
    if (found === undefined) {
      sources[key] = 'server'
    } else {
      sources[key] = found[0]
      applied[key] = effective[key] = found[1] as number
    }
  }

  // Mirrors Node: when only requestTimeout is chosen, headersTimeout shrinks to fit inside it.
  if (sources.headersTimeout !== 'explicit' && effective.requestTimeout > 0 && effective.headersTimeout > effective.requestTimeout) {
    applied.headersTimeout = effective.headersTimeout = effective.requestTimeout
    sources.headersTimeout = 'derived'
  }

  if (sources.keepAliveTimeout === 'derived' && effective.keepAliveTimeout > maxFor('keepAliveTimeout', buffer)) {
    throw new GW_KEEPALIVE_VALUE_TOO_LARGE('keepAliveTimeout (derived from upstreamIdleTimeout)', effective.keepAliveTimeout, maxFor('keepAliveTimeout', buffer))
  }
  if (effective.requestTimeout > 0 && effective.headersTimeout > effective.requestTimeout) {
    throw new GW_KEEPALIVE_HEADERS_AFTER_REQUEST_TIMEOUT(effective.headersTimeout, effective.requestTimeout)
  }
  // 0 never closes idle connections, so it cannot race the proxy: it is only warned about.
  if (upstreamIdleTimeout !== undefined && effective.keepAliveTimeout !== 0 && effective.keepAliveTimeout <= upstreamIdleTimeout) {
    throw new GW_KEEPALIVE_NOT_ABOVE_UPSTREAM(effective.keepAliveTimeout, upstreamIdleTimeout, deriveFromUpstream(upstreamIdleTimeout).keepAliveTimeout)
  }

  // Node reads headersTimeout and requestTimeout at every check, but the interval only at listen:
  // without a matching interval, limits set here would bite up to 30 s late. A finer interval the
  // server already has (e.g. Fastify's http.connectionsCheckingInterval) was chosen by someone: kept.
  const derivedCheckingInterval = deriveCheckingInterval(effective)
  const limitChosen = sources.headersTimeout !== 'server' || sources.requestTimeout !== 'server'
  if (sources.connectionsCheckingInterval !== 'explicit' && limitChosen && derivedCheckingInterval !== undefined &&
    derivedCheckingInterval <= effective.connectionsCheckingInterval) {
    applied.connectionsCheckingInterval = effective.connectionsCheckingInterval = derivedCheckingInterval
    sources.connectionsCheckingInterval = 'derived'
  }
  let heldCheckingInterval: number | undefined
  if (context.listening === true && applied.connectionsCheckingInterval !== undefined) {
    // Setting it now would only take effect at a later listen: the server's value stays the one in force.
    heldCheckingInterval = applied.connectionsCheckingInterval
    delete applied.connectionsCheckingInterval
    effective.connectionsCheckingInterval = context.inherited.connectionsCheckingInterval
    sources.connectionsCheckingInterval = 'server'
  }

  const unsupported: string[] = []
  if (bufferOption !== undefined && !context.bufferSupported) unsupported.push('keepAliveTimeoutBuffer')
  return {
    effective,
    applied,
    sources,
    upstreamIdleTimeout,
    keepAliveTimeoutBuffer: context.bufferSupported ? bufferOption : undefined,
    unsupported,
    drainTimeout,
    derivedCheckingInterval,
    heldCheckingInterval
  }
}

export interface Risk {
  option: string
  message: string
}

/** Legal but risky choices, reported through fastify.log.warn. */
export function findRisks (settings: ResolvedSettings): Risk[] {
  const { effective: e } = settings
  const risks: Risk[] = []
  if (e.requestTimeout === 0) {
    risks.push({ option: 'requestTimeout', message: 'requestTimeout is 0 (Fastify\'s default): a client may take unlimited time to send a request body; set requestTimeout or use a preset' })
  }
  if (e.headersTimeout === 0 && e.requestTimeout === 0) {
    risks.push({ option: 'headersTimeout', message: 'headersTimeout and requestTimeout are both 0: Node never disconnects a client that dribbles its headers' })
  }
  if (e.keepAliveTimeout === 0) {
    risks.push({ option: 'keepAliveTimeout', message: 'keepAliveTimeout is 0: the server never closes idle keep-alive connections, only clients or the proxy do' })
  } else if (e.keepAliveTimeout > VERY_LONG_KEEP_ALIVE) {
    risks.push({ option: 'keepAliveTimeout', message: `keepAliveTimeout is ${e.keepAliveTimeout} ms: every idle connection holds a socket for more than 15 minutes` })
  }
  risks.push(...checkingIntervalRisks(settings))
  for (const option of settings.unsupported) {
    risks.push({ option, message: `${option} is not supported by Node ${process.versions.node} (it needs Node >= 24.6; older versions use a fixed ${NODE_KEEP_ALIVE_BUFFER} ms buffer): ignored` })
  }
  return risks
}

/** Whether Node's connections check, as it will run, lets the headers/request limits bite late. */
function checkingIntervalRisks (settings: ResolvedSettings): Risk[] {
  const { effective: e, derivedCheckingInterval: derived, heldCheckingInterval: held } = settings
  const interval = e.connectionsCheckingInterval
  if (held !== undefined && held !== interval) {
    return [{ option: 'connectionsCheckingInterval', message: `connectionsCheckingInterval stays ${interval} ms, not the ${held} ms keep-alive would set: the server was already listening, and Node reads the interval only when the server starts listening; create the server with connectionsCheckingInterval: ${held} (serverOptions().http has it)` }]
  }
  // Both limits 0 is a risk of its own, reported above.
  if (derived === undefined) return []
  const limit = Math.min(...[e.headersTimeout, e.requestTimeout].filter(value => value > 0))
  if (interval <= limit) return []
  const problem = `connectionsCheckingInterval is ${interval} ms, longer than the ${limit} ms headers/request limit: Node only enforces those limits at each check, so a slow client can hold its socket for up to ${limit + interval} ms`
  const { sources } = settings
  let advice: string
  if (sources.connectionsCheckingInterval === 'explicit' || sources.connectionsCheckingInterval === 'preset') {
    advice = `lower connectionsCheckingInterval, or omit it to have it derived: serverOptions() and the plugin derive ${derived} ms for this limit`
  } else if (sources.headersTimeout === 'server' && sources.requestTimeout === 'server') {
    advice = `the limits come from the server, not from keep-alive's options: give them to serverOptions() and the plugin, which then derive ${derived} ms, or set connectionsCheckingInterval to ${derived}`
  } else {
    // Limits from the options with an interval still longer than them: only below the derivation's floor.
    advice = `keep-alive derives no interval under ${MIN_CHECKING_INTERVAL} ms; for a tighter cut set connectionsCheckingInterval, in serverOptions() and the plugin alike`
  }
  return [{ option: 'connectionsCheckingInterval', message: `${problem}; ${advice}` }]
}
