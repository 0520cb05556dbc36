import { NODE_CHECKING_INTERVAL } from './checking-interval.js'
import { GW_KEEP_ALIVE_NOT_APPLIED } from './errors.js'
import type { ResolvedSettings } from './options.js'
import type { ServerTimeouts } from './presets.js'
import type { TrackableServer } from './tracker.js'

/** An HTTP/1.1 server (http or https) as far as this plugin is concerned. */
export type Http1Server = TrackableServer & ServerTimeouts & { keepAliveTimeoutBuffer?: number, listening?: boolean }

/**
 * HTTP/2 servers and the stubs some serverFactory users return for inject-only apps have no
 * HTTP/1.1 timeouts: with those the plugin validates its options and does nothing else.
 */
export function isHttp1Server (server: unknown): server is Http1Server {
  const candidate = server as Partial<Http1Server> | null | undefined
  return typeof candidate?.on === 'function' &&
    typeof candidate.keepAliveTimeout === 'number' &&
    typeof candidate.headersTimeout === 'number'
}

function numberOr (value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback
}

/** The values a server runs with now. Node documents maxRequestsPerSocket's default as null. */
export function readServerTimeouts (server: Http1Server): ServerTimeouts {
  return {
    keepAliveTimeout: server.keepAliveTimeout,
    headersTimeout: server.headersTimeout,
    requestTimeout: numberOr(server.requestTimeout, 0),
    timeout: numberOr(server.timeout, 0),
    maxRequestsPerSocket: numberOr(server.maxRequestsPerSocket, 0),
    connectionsCheckingInterval: numberOr(server.connectionsCheckingInterval, NODE_CHECKING_INTERVAL)
  }
}

type AppliedValues = Partial<ServerTimeouts> & { keepAliveTimeoutBuffer?: number }

export function valuesToApply (settings: ResolvedSettings): AppliedValues {
  const values: AppliedValues = { ...settings.applied }
  if (settings.keepAliveTimeoutBuffer !== undefined) values.keepAliveTimeoutBuffer = settings.keepAliveTimeoutBuffer
  return values
}

/**
 * Sets the values on the server and reads each back. Setting properties skips Node's own
 * validation, which is why resolveSettings repeats it.
 */
export function applyToServer (server: Http1Server, values: AppliedValues): void {
  const target = server as unknown as Record<string, unknown>
  for (const [key, value] of Object.entries(values)) {
    target[key] = value
    if (target[key] !== value) throw new GW_KEEP_ALIVE_NOT_APPLIED(key, String(value), String(target[key]))
  }
}

/** Values changed on the server after the plugin applied them (e.g. by a later plugin). */
export function findDrift (server: Http1Server, values: AppliedValues): Array<{ option: string, expected: number, actual: unknown }> {
  const target = server as unknown as Record<string, unknown>
  return Object.entries(values)
    .filter(([key, value]) => target[key] !== value)
    .map(([key, value]) => ({ option: key, expected: value, actual: target[key] }))
}
