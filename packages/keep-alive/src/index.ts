import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { applyToServer, findDrift, isHttp1Server, readServerTimeouts, valuesToApply } from './apply.js'
import { findRisks, resolveSettings } from './options.js'
import type { KeepAliveOptions } from './options.js'
import { FASTIFY_SERVER_DEFAULTS } from './server-options.js'
import { trackConnections } from './tracker.js'
import type { ConnectionTracker } from './tracker.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Live connection counts and drain(), from @groundwork/keep-alive. */
    connections: ConnectionTracker
  }
}

const keepAlive: FastifyPluginAsync<KeepAliveOptions> = async (fastify, opts) => {
  const server: unknown = fastify.server
  const http1 = isHttp1Server(server)
  // Fastify fills these defaults in its validated initial config (requestTimeout is just not in its type).
  const config = fastify.initialConfig as { keepAliveTimeout: number, requestTimeout: number, connectionTimeout: number }
  const settings = resolveSettings(opts, {
    inherited: http1
      ? readServerTimeouts(server)
      : {
          ...FASTIFY_SERVER_DEFAULTS,
          keepAliveTimeout: config.keepAliveTimeout,
          requestTimeout: config.requestTimeout,
          timeout: config.connectionTimeout
        },
    bufferSupported: http1 && typeof server.keepAliveTimeoutBuffer === 'number',
    // A serverFactory may return a server that already listens (its owner calls ready(), not listen()).
    listening: http1 && server.listening === true
  })
  for (const risk of findRisks(settings)) {
    fastify.log.warn({ keepAlive: { option: risk.option, value: settings.effective[risk.option as keyof typeof settings.effective] } }, risk.message)
  }

  if (!http1) {
    fastify.decorate('connections', trackConnections(server, { drainTimeout: settings.drainTimeout }))
    fastify.log.info('@groundwork/keep-alive: fastify.server is not an HTTP/1.1 server (HTTP/2 or an inject-only stub): options validated, nothing applied, connections not tracked')
    return
  }

  const values = valuesToApply(settings)
  applyToServer(server, values)
  // Plugins run before listen(): every connection is tracked from the first.
  const tracker = trackConnections(server, { drainTimeout: settings.drainTimeout, log: fastify.log })
  fastify.decorate('connections', tracker)
  fastify.addHook('onClose', async () => { tracker.stop() })
  fastify.log.debug({ keepAlive: { applied: values, sources: settings.sources, upstreamIdleTimeout: settings.upstreamIdleTimeout } }, '@groundwork/keep-alive: server timeouts applied')

  fastify.addHook('onReady', async () => {
    for (const drift of findDrift(server, values)) {
      fastify.log.warn({ keepAlive: drift }, `@groundwork/keep-alive: server.${drift.option} was changed to ${String(drift.actual)} after the plugin set ${drift.expected}; the server's value is the one in force`)
    }
  })
}

export { keepAlive }
export default fp(keepAlive, { name: '@groundwork/keep-alive', fastify: '5.x' })

export {
  GW_KEEP_ALIVE_HEADERS_AFTER_REQUEST_TIMEOUT,
  GW_KEEP_ALIVE_INVALID_OPTION,
  GW_KEEP_ALIVE_NOT_ABOVE_UPSTREAM,
  GW_KEEP_ALIVE_NOT_APPLIED,
  GW_KEEP_ALIVE_VALUE_TOO_LARGE
} from './errors.js'
export { deriveCheckingInterval } from './checking-interval.js'
export { DEFAULT_DRAIN_TIMEOUT, KeepAliveOptionsSchema, resolveSettings } from './options.js'
export type { KeepAliveOptions, ResolvedSettings, SettingSource, TrackOptions, WarningLogger } from './options.js'
export { deriveFromUpstream, presets } from './presets.js'
export type { Preset, PresetName, ServerTimeouts } from './presets.js'
export { FASTIFY_SERVER_DEFAULTS, serverOptions } from './server-options.js'
export type { KeepAliveServerOptions } from './server-options.js'
export { trackConnections } from './tracker.js'
export type { ConnectionSnapshot, ConnectionTracker, DrainOptions, DrainResult, LongLivedOptions, LongLivedResult, OpenRequest, TrackableServer, TrackedConnections } from './tracker.js'
export type { LongLivedConnection, LongLivedKind } from './long-lived.js'
