import Type, { type Static } from 'typebox'
import { TIMER_MAX, compileOptions, describeProblems } from '@groundwork/shared'
import {
  GW_KEEP_ALIVE_HEADERS_AFTER_REQUEST_TIMEOUT,
  GW_KEEP_ALIVE_INVALID_OPTION,
  GW_KEEP_ALIVE_NOT_ABOVE_UPSTREAM,
  GW_KEEP_ALIVE_SESSION_NOT_ABOVE_UPSTREAM,
  GW_KEEP_ALIVE_VALUE_TOO_LARGE
} from './errors.js'
import { MIN_CHECKING_INTERVAL, deriveCheckingInterval } from './checking-interval.js'
import { deriveFromUpstream, presetNames, presets } from './presets.js'
import type { PresetName, ServerTimeouts } from './presets.js'

export const DEFAULT_DRAIN_TIMEOUT = 10_000

/**
 * A client that has not finished its TLS handshake in 10 s is not a slow client but a stuck or
 * hostile one; Node's own 120 s lets such clients hold sockets twelve times longer.
 */
export const DEFAULT_HANDSHAKE_TIMEOUT = 10_000

/** Fastify's http2SessionTimeout default: the value an HTTP/2 session has unless told otherwise. */
export const FASTIFY_SESSION_TIMEOUT = 72_000

const milliseconds = (description: string) => Type.Integer({ minimum: 0, maximum: TIMER_MAX, description })

/**
 * The plugin's options, checked once at register time (and by resolveSettings() and serverOptions()).
 * Every duration is whole milliseconds a Node timer can hold; 0 disables that limit, as in Node.
 * Rules across fields (headersTimeout <= requestTimeout, keepAliveTimeout above the proxy's idle
 * timeout and within a timer together with its buffer) are code, in resolveSettings().
 */
export const KeepAliveOptionsSchema = Type.Object({
  preset: Type.Optional(Type.Unsafe<PresetName>(Type.Refine(
    Type.String({ description: 'Named defaults: aws-alb, gcp-lb, nginx (behind that proxy) or direct (no proxy).' }),
    name => presetNames.includes(name as PresetName),
    () => `must be one of ${presetNames.join(', ')}`
  ))),
  upstreamIdleTimeout: Type.Optional(Type.Refine(
    milliseconds('The proxy\'s idle timeout; keepAliveTimeout, headersTimeout and requestTimeout are derived from it.'),
    value => value > 0,
    () => 'must be above 0: a proxy idle timeout of 0 means the proxy keeps no connection; omit upstreamIdleTimeout instead'
  )),
  keepAliveTimeout: Type.Optional(milliseconds('server.keepAliveTimeout: how long an idle keep-alive connection stays open.')),
  headersTimeout: Type.Optional(milliseconds('server.headersTimeout: time allowed to receive the request headers.')),
  requestTimeout: Type.Optional(milliseconds('server.requestTimeout: time allowed to receive the whole request.')),
  timeout: Type.Optional(milliseconds('server.timeout: socket inactivity while a request is in progress.')),
  maxRequestsPerSocket: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'server.maxRequestsPerSocket: requests served on one connection before it is closed; 0 = unlimited.' })),
  connectionsCheckingInterval: Type.Optional(milliseconds('server.connectionsCheckingInterval: how often Node enforces headersTimeout/requestTimeout; derived from those limits when the options set them.')),
  keepAliveTimeoutBuffer: Type.Optional(milliseconds('server.keepAliveTimeoutBuffer (Node >= 24.6 only).')),
  drainTimeout: Type.Optional(milliseconds('Default timeout of fastify.connections.drain() and closeAfterResponses().')),
  sessionTimeout: Type.Optional(milliseconds('HTTP/2 only: how long a session may stay inactive before it is closed with a GOAWAY (Fastify\'s http2SessionTimeout); derived from upstreamIdleTimeout like keepAliveTimeout.')),
  handshakeTimeout: Type.Optional(Type.Integer({ minimum: 1, maximum: TIMER_MAX, description: 'TLS only (HTTPS, HTTP/2 over TLS): time allowed to finish the TLS handshake before the socket is cut. Node\'s own default is 120 s.' }))
}, { additionalProperties: false })

export type KeepAliveOptions = Static<typeof KeepAliveOptionsSchema>

const optionsCheck = compileOptions(KeepAliveOptionsSchema)

/** Options of drain() and closeAfterResponses(). */
export const DrainOptionsSchema = Type.Object({
  timeout: Type.Optional(milliseconds('Milliseconds to wait for the HTTP connections to close; defaults to drainTimeout.'))
}, { additionalProperties: false })

const drainOptionsCheck = compileOptions(DrainOptionsSchema)

/** The drain timeout asked for, or the error to reject with (never thrown: drain() returns a promise). */
export function drainTimeoutOf (method: string, options: unknown, fallback: number): number | Error {
  const problems = drainOptionsCheck.problems(options)
  if (problems.length > 0) return new GW_KEEP_ALIVE_INVALID_OPTION(`connections.${method}() options`, describeProblems(problems))
  return (options as Static<typeof DrainOptionsSchema>).timeout ?? fallback
}

/** Where trackConnections() reports the public fallbacks it had to use (fastify.log fits). */
export interface WarningLogger {
  warn: (details: object, message: string) => void
}

/** Options of trackConnections(). */
export const TrackOptionsSchema = Type.Object({
  drainTimeout: Type.Optional(milliseconds('Default timeout of drain() and closeAfterResponses().')),
  sessionTimeout: Type.Optional(milliseconds('HTTP/2 servers: the inactivity timeout set on every session (closed with a GOAWAY when it fires); omitted: the server\'s own.')),
  log: Type.Optional(Type.Unsafe<WarningLogger>(Type.Object({ warn: Type.Function([], Type.Unknown()) })))
}, { additionalProperties: false })

export type TrackOptions = Static<typeof TrackOptionsSchema>

export const trackOptionsCheck = compileOptions(TrackOptionsSchema)

/** The socket timeout Node arms for an idle keep-alive connection is keepAliveTimeout plus this buffer on Node 20. */
export const NODE_KEEP_ALIVE_BUFFER = 1_000
const VERY_LONG_KEEP_ALIVE = 15 * 60_000

const timeoutKeys = ['keepAliveTimeout', 'headersTimeout', 'requestTimeout', 'timeout', 'maxRequestsPerSocket', 'connectionsCheckingInterval'] as const
type TimeoutKey = typeof timeoutKeys[number]

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
  /** HTTP/2 sessions: the inactivity timeout applied to each (0: none), and where it came from. */
  sessionTimeout: number
  sessionTimeoutSource: SettingSource
  /** TLS servers: the handshake timeout applied. */
  handshakeTimeout: number
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
  /** The HTTP/2 session timeout the server has (Fastify's http2SessionTimeout); FASTIFY_SESSION_TIMEOUT if unknown. */
  inheritedSessionTimeout?: number
}

/** Node arms keepAliveTimeout + its buffer as one timer, so together they must fit in one. */
function keepAliveMax (buffer: number): number {
  return TIMER_MAX - buffer
}

/**
 * Validates the options and works out every server value: explicit options win over values
 * derived from upstreamIdleTimeout, which win over the preset's fixed values, which win over
 * what the server already has. Throws GW_KEEP_ALIVE_INVALID_OPTION listing every problem the
 * schema finds, then the coded error of the first rule across fields that is broken.
 */
export function resolveSettings (options: KeepAliveOptions, context: ResolveContext): ResolvedSettings {
  const problems = optionsCheck.problems(options)
  if (problems.length > 0) throw new GW_KEEP_ALIVE_INVALID_OPTION('@groundwork/keep-alive options', describeProblems(problems))
  const preset = options.preset === undefined ? undefined : presets[options.preset]

  const bufferOption = options.keepAliveTimeoutBuffer
  const buffer = bufferOption ?? NODE_KEEP_ALIVE_BUFFER
  if (options.keepAliveTimeout !== undefined && options.keepAliveTimeout > keepAliveMax(buffer)) {
    throw new GW_KEEP_ALIVE_VALUE_TOO_LARGE('keepAliveTimeout', options.keepAliveTimeout, keepAliveMax(buffer))
  }
  const explicit: Partial<ServerTimeouts> = {}
  for (const key of timeoutKeys) {
    if (options[key] !== undefined) explicit[key] = options[key]
  }
  const drainTimeout = options.drainTimeout ?? DEFAULT_DRAIN_TIMEOUT
  const upstreamIdleTimeout = options.upstreamIdleTimeout ?? preset?.upstreamIdleTimeout

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

  if (sources.keepAliveTimeout === 'derived' && effective.keepAliveTimeout > keepAliveMax(buffer)) {
    throw new GW_KEEP_ALIVE_VALUE_TOO_LARGE('keepAliveTimeout (derived from upstreamIdleTimeout)', effective.keepAliveTimeout, keepAliveMax(buffer))
  }
  if (effective.requestTimeout > 0 && effective.headersTimeout > effective.requestTimeout) {
    throw new GW_KEEP_ALIVE_HEADERS_AFTER_REQUEST_TIMEOUT(effective.headersTimeout, effective.requestTimeout)
  }
  // 0 never closes idle connections, so it cannot race the proxy: it is only warned about.
  if (upstreamIdleTimeout !== undefined && effective.keepAliveTimeout !== 0 && effective.keepAliveTimeout <= upstreamIdleTimeout) {
    throw new GW_KEEP_ALIVE_NOT_ABOVE_UPSTREAM(effective.keepAliveTimeout, upstreamIdleTimeout, deriveFromUpstream(upstreamIdleTimeout).keepAliveTimeout)
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

  const session = resolveSessionTimeout(options, upstreamIdleTimeout, context.inheritedSessionTimeout ?? FASTIFY_SESSION_TIMEOUT)

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
    heldCheckingInterval,
    sessionTimeout: session.value,
    sessionTimeoutSource: session.source,
    handshakeTimeout: options.handshakeTimeout ?? DEFAULT_HANDSHAKE_TIMEOUT
  }
}

/**
 * An HTTP/2 session outlives the proxy's idle timeout for the same reason an HTTP/1.1 keep-alive
 * connection does: the proxy must be the one to close an idle connection, never the app while
 * the proxy sends a request on it. So it is derived, and checked, the same way.
 */
function resolveSessionTimeout (options: KeepAliveOptions, upstreamIdleTimeout: number | undefined, inherited: number): { value: number, source: SettingSource } {
  const derived = upstreamIdleTimeout === undefined ? undefined : deriveFromUpstream(upstreamIdleTimeout).keepAliveTimeout
  const resolved: { value: number, source: SettingSource } = options.sessionTimeout !== undefined
    ? { value: options.sessionTimeout, source: 'explicit' }
    : derived === undefined ? { value: inherited, source: 'server' } : { value: derived, source: 'derived' }
  if (upstreamIdleTimeout !== undefined && derived !== undefined && resolved.value !== 0 && resolved.value <= upstreamIdleTimeout) {
    throw new GW_KEEP_ALIVE_SESSION_NOT_ABOVE_UPSTREAM(resolved.value, upstreamIdleTimeout, derived)
  }
  return resolved
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
