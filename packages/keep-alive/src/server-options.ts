import type { ServerOptions } from 'node:http'
import { NODE_CHECKING_INTERVAL } from './checking-interval.js'
import { resolveSettings } from './options.js'
import type { KeepAliveOptions } from './options.js'
import type { ServerTimeouts } from './presets.js'

/** What Fastify 5 itself configures on the server it creates, before any plugin runs. */
export const FASTIFY_SERVER_DEFAULTS: Readonly<ServerTimeouts> = Object.freeze({
  keepAliveTimeout: 72_000,
  headersTimeout: 60_000,
  requestTimeout: 0,
  timeout: 0,
  maxRequestsPerSocket: 0,
  connectionsCheckingInterval: NODE_CHECKING_INTERVAL
})

/** Options for `Fastify({...})`; `http` alone also suits `http.createServer(options, handler)`. */
export interface KeepAliveServerOptions {
  keepAliveTimeout?: number
  requestTimeout?: number
  /** Fastify's name for server.timeout. */
  connectionTimeout?: number
  maxRequestsPerSocket?: number
  /** HTTP/2 only (Fastify ignores it otherwise): the inactivity timeout Fastify sets on every session. */
  http2SessionTimeout?: number
  http: ServerOptions & { keepAliveTimeoutBuffer?: number }
}

/**
 * The same values the plugin would apply, as server construction options, so that Node validates
 * them itself and so that the server has its connectionsCheckingInterval (derived from the limits
 * unless given) from its construction: Node reads that one only when the server starts listening,
 * and a server can listen without the plugin ever running first. Throws the same GW_KEEP_ALIVE_*
 * errors as the plugin.
 */
export function serverOptions (options: KeepAliveOptions = {}): KeepAliveServerOptions {
  // keepAliveTimeoutBuffer is passed through: Node >= 24.6 validates and uses it, older versions ignore it.
  const settings = resolveSettings(options, { inherited: { ...FASTIFY_SERVER_DEFAULTS }, bufferSupported: true })
  const { applied } = settings
  const result: KeepAliveServerOptions = { http: {} }
  // Fastify overwrites keepAliveTimeout and requestTimeout after http.createServer, so they go at both levels.
  if (applied.keepAliveTimeout !== undefined) result.keepAliveTimeout = result.http.keepAliveTimeout = applied.keepAliveTimeout
  if (applied.requestTimeout !== undefined) result.requestTimeout = result.http.requestTimeout = applied.requestTimeout
  if (applied.headersTimeout !== undefined) result.http.headersTimeout = applied.headersTimeout
  if (applied.connectionsCheckingInterval !== undefined) result.http.connectionsCheckingInterval = applied.connectionsCheckingInterval
  if (applied.timeout !== undefined) result.connectionTimeout = applied.timeout
  if (applied.maxRequestsPerSocket !== undefined) result.maxRequestsPerSocket = applied.maxRequestsPerSocket
  if (settings.keepAliveTimeoutBuffer !== undefined) result.http.keepAliveTimeoutBuffer = settings.keepAliveTimeoutBuffer
  // Omitted when nothing sets it, so Fastify keeps its own default (72 s) as the plugin does.
  if (settings.sessionTimeoutSource !== 'server') result.http2SessionTimeout = settings.sessionTimeout
  return result
}
