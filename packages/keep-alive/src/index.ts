import tls from 'node:tls'
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { applyToServer, findDrift, isHttp1Server, readServerTimeouts, valuesToApply } from './apply.js'
import { findRisks, resolveSettings } from './options.js'
import type { KeepAliveOptions } from './options.js'
import { FASTIFY_SERVER_DEFAULTS } from './server-options.js'
import { Connections } from './tracker.js'
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

  const tracker = new Connections(settings.drainTimeout)
  fastify.decorate('connections', tracker)
  fastify.addHook('onClose', async () => { tracker.stop() })

  if (!http1) {
    fastify.log.info('@groundwork/keep-alive: fastify.server is not an HTTP/1.1 server (HTTP/2 or an inject-only stub): options validated, nothing applied, connections not tracked')
    return
  }

  const values = valuesToApply(settings)
  applyToServer(server, values)
  tracker.attach(server, server instanceof tls.Server ? 'secureConnection' : 'connection')
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
  GW_KEEPALIVE_HEADERS_AFTER_REQUEST_TIMEOUT,
  GW_KEEPALIVE_INVALID_OPTION,
  GW_KEEPALIVE_NEGATIVE_VALUE,
  GW_KEEPALIVE_NON_FINITE_VALUE,
  GW_KEEPALIVE_NOT_ABOVE_UPSTREAM,
  GW_KEEPALIVE_NOT_APPLIED,
  GW_KEEPALIVE_UNKNOWN_OPTION,
  GW_KEEPALIVE_UNKNOWN_PRESET,
  GW_KEEPALIVE_VALUE_TOO_LARGE
} from './errors.js'
export { deriveCheckingInterval } from './checking-interval.js'
export { DEFAULT_DRAIN_TIMEOUT, resolveSettings } from './options.js'
export type { KeepAliveOptions, ResolvedSettings, SettingSource } from './options.js'
export { deriveFromUpstream, presets } from './presets.js'
export type { Preset, PresetName, ServerTimeouts } from './presets.js'
export { FASTIFY_SERVER_DEFAULTS, serverOptions } from './server-options.js'
export type { KeepAliveServerOptions } from './server-options.js'
export type { ConnectionSnapshot, ConnectionTracker, DrainOptions, DrainResult } from './tracker.js'
