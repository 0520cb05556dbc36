/**
 * The server-side values a preset or a derivation can set. Everything is in milliseconds
 * except maxRequestsPerSocket.
 */
export interface ServerTimeouts {
  keepAliveTimeout: number
  headersTimeout: number
  requestTimeout: number
  timeout: number
  maxRequestsPerSocket: number
  connectionsCheckingInterval: number
}

export type PresetName = 'aws-alb' | 'gcp-lb' | 'nginx' | 'direct'

export interface Preset {
  /** The proxy's idle timeout; the timeouts are derived from it. */
  upstreamIdleTimeout?: number
  values: Partial<ServerTimeouts>
}

export const presets: Readonly<Record<PresetName, Readonly<Preset>>> = Object.freeze({
  // AWS Application Load Balancer: idle timeout attribute, 60 s unless changed.
  'aws-alb': { upstreamIdleTimeout: 60_000, values: {} },
  // Google Cloud external Application Load Balancer: HTTP keepalive timeout (600 s; Google asks backends for more than that).
  'gcp-lb': { upstreamIdleTimeout: 600_000, values: {} },
  // nginx `keepalive_timeout` in an `upstream` block defaults to 60 s.
  nginx: { upstreamIdleTimeout: 60_000, values: {} },
  // Clients connect directly: short idle keep-alive, tight limits for slow senders and readers.
  // Like every preset it leaves connectionsCheckingInterval to be derived from those limits.
  direct: {
    values: {
      keepAliveTimeout: 5_000,
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      timeout: 120_000
    }
  }
})

export const presetNames = Object.keys(presets) as PresetName[]

/** Node's own defaults for an http.Server, used when a proxy preset says nothing about a value. */
const NODE_HEADERS_TIMEOUT = 60_000
const NODE_REQUEST_TIMEOUT = 300_000

/**
 * keepAliveTimeout = upstream + max(5 s, 10 % of upstream), rounded up to whole seconds because
 * Node advertises `Keep-Alive: timeout=` in whole seconds (floored).
 * headersTimeout keeps Node's 60 s: a proxy writes the headers in one go, and on Node >= 18 the
 * headers timer does not run while a keep-alive connection is idle, so it need not exceed keepAliveTimeout.
 * requestTimeout is never shorter than Node's 300 s default nor than keepAliveTimeout, so the
 * server is never the first to give up on a request the proxy still considers alive.
 */
export function deriveFromUpstream (upstreamIdleTimeout: number): Pick<ServerTimeouts, 'keepAliveTimeout' | 'headersTimeout' | 'requestTimeout'> {
  const margin = Math.max(5_000, upstreamIdleTimeout * 0.1)
  const keepAliveTimeout = Math.ceil((upstreamIdleTimeout + margin) / 1000) * 1000
  return {
    keepAliveTimeout,
    headersTimeout: NODE_HEADERS_TIMEOUT,
    requestTimeout: Math.max(NODE_REQUEST_TIMEOUT, keepAliveTimeout)
  }
}
