import type { KeepAliveOptions } from '@groundwork/keep-alive'
import type { DemoConfig } from './config.js'

/**
 * Without a proxy in front (no UPSTREAM_IDLE_TIMEOUT_MS) the demo faces clients itself, so it bounds
 * them even when nothing is set: Fastify's requestTimeout of 0 lets a client take forever over a body,
 * and Node's 60 s for headers lets a slow-header client hold a socket for a minute. 10 s and 30 s are
 * keep-alive's `direct` preset values: generous for a browser or curl, short for a deliberate dribbler.
 */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000

/**
 * The one description of the demo's server timeouts. app.ts hands the same object to Fastify (through
 * keep-alive's serverOptions(), so http.createServer gets them) and to the keep-alive plugin, so the
 * two can never disagree.
 */
export function keepAliveOptions (config: DemoConfig): KeepAliveOptions {
  const options: KeepAliveOptions = {}
  if (config.upstreamIdleTimeoutMs !== undefined) options.upstreamIdleTimeout = config.upstreamIdleTimeoutMs
  if (config.keepAliveTimeoutMs !== undefined) options.keepAliveTimeout = config.keepAliveTimeoutMs
  let headersTimeout = config.headersTimeoutMs
  let requestTimeout = config.requestTimeoutMs
  // Behind a proxy keep-alive derives both from its idle timeout; the demo's defaults would undercut that.
  if (config.upstreamIdleTimeoutMs === undefined) {
    // A longer HEADERS_TIMEOUT_MS alone stays valid: the request limit grows to hold it.
    requestTimeout ??= Math.max(DEFAULT_REQUEST_TIMEOUT_MS, headersTimeout ?? 0)
    // A shorter REQUEST_TIMEOUT_MS alone stays valid too; 0 (no request limit) keeps the headers default.
    headersTimeout ??= requestTimeout === 0 ? DEFAULT_HEADERS_TIMEOUT_MS : Math.min(DEFAULT_HEADERS_TIMEOUT_MS, requestTimeout)
  }
  if (headersTimeout !== undefined) options.headersTimeout = headersTimeout
  if (requestTimeout !== undefined) options.requestTimeout = requestTimeout
  return options
}
