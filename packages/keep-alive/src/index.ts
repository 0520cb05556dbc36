import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { applyToServer, findDrift, isHttp1Server, readServerTimeouts, valuesToApply } from './apply.js'
import type { Http1Server } from './apply.js'
import { probeHandshakeTimeoutKey } from './node-internals.js'
import { enforceHandshakeTimeout } from './tls-handshake.js'
import { isHttp2Server, isTlsServer } from './transport.js'
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
  const http2 = isHttp2Server(server)
  // Node 24's HTTP/2 TLS server has a keepAliveTimeout of its own, which makes it look like an HTTP/1.1 one.
  const http1 = !http2 && isHttp1Server(server)
  // An HTTP/2 server over TLS with allowHTTP1 carries HTTP/1.1 too, with Node's header and request
  // limits, which Node ignores as construction options there: only setting them applies them.
  const http1OverHttp2 = http2 && typeof (server as unknown as Partial<Http1Server>).headersTimeout === 'number'
  // Fastify fills these defaults in its validated initial config (requestTimeout is just not in its type).
  const config = fastify.initialConfig as { keepAliveTimeout: number, requestTimeout: number, connectionTimeout: number, http2SessionTimeout?: number }
  const settings = resolveSettings(opts, {
    inherited: http1
      ? readServerTimeouts(server)
      : http1OverHttp2
        // Fastify documents its keepAliveTimeout (72 s unless set) for all HTTP/1.1 but sets it only
        // on HTTP/1.1 servers; this one's own is none (Node 20) or 5 s (Node 24), below most proxies'.
        ? { ...readServerTimeouts(server as unknown as Http1Server), keepAliveTimeout: config.keepAliveTimeout }
        : {
            ...FASTIFY_SERVER_DEFAULTS,
            keepAliveTimeout: config.keepAliveTimeout,
            requestTimeout: config.requestTimeout,
            timeout: config.connectionTimeout
          },
    bufferSupported: (http1 || http1OverHttp2) && typeof (server as Partial<Http1Server>).keepAliveTimeoutBuffer === 'number',
    // A serverFactory may return a server that already listens (its owner calls ready(), not listen()).
    listening: (http1 || http2) && (server as { listening?: boolean }).listening === true,
    inheritedSessionTimeout: config.http2SessionTimeout
  })
  for (const risk of findRisks(settings)) {
    fastify.log.warn({ keepAlive: { option: risk.option, value: settings.effective[risk.option as keyof typeof settings.effective] } }, risk.message)
  }

  if (!http1 && !http2) {
    fastify.decorate('connections', trackConnections(server, { drainTimeout: settings.drainTimeout }))
    fastify.log.info('@groundwork/keep-alive: fastify.server is not an HTTP server (an inject-only stub): options validated, nothing applied, connections not tracked')
    return
  }

  const values = valuesToApply(settings)
  // Node's HTTP/1.1 code on an HTTP/2 TLS server reads keepAliveTimeout from the server as
  // http.Server's does, so the value in force there is set even when it is Fastify's own.
  if (http1OverHttp2) values.keepAliveTimeout ??= settings.effective.keepAliveTimeout
  if (http1 || http1OverHttp2) applyToServer(server as Http1Server, values)
  if (isTlsServer(server)) {
    const handshake = enforceHandshakeTimeout(server, settings.handshakeTimeout, probeHandshakeTimeoutKey())
    fastify.addHook('onClose', async () => { handshake.undo() })
    if (!handshake.set) {
      fastify.log.warn({ keepAlive: { option: 'handshakeTimeout', value: settings.handshakeTimeout } },
        `@groundwork/keep-alive: Node ${process.versions.node} keeps the TLS handshake timeout where the plugin cannot set it: pass handshakeTimeout: ${settings.handshakeTimeout} in Fastify's https options instead`)
    }
  }
  // Plugins run before listen(): every connection is tracked from the first.
  const tracker = trackConnections(server, {
    drainTimeout: settings.drainTimeout,
    log: fastify.log,
    ...(http2 && settings.sessionTimeoutSource !== 'server' ? { sessionTimeout: settings.sessionTimeout } : {})
  })
  fastify.decorate('connections', tracker)
  if (http2) {
    // Fastify ends idle HTTP/1.1 connections when it closes, but leaves HTTP/2 sessions open unless
    // forceCloseConnections destroys them: server.close() then waits for every client to leave, or
    // for the session timeout (72 s by default; a Node client never leaves after a GOAWAY alone).
    // The drain tells each session with a GOAWAY and lets its streams finish first; server.close()
    // would wait for the same sessions anyway. Idempotent: after graceful-close's drain, a no-op.
    fastify.addHook('preClose', async () => { await tracker.drain() })
  }
  fastify.addHook('onClose', async () => { tracker.stop() })
  fastify.log.debug({ keepAlive: { applied: values, sources: settings.sources, upstreamIdleTimeout: settings.upstreamIdleTimeout, sessionTimeout: http2 ? settings.sessionTimeout : undefined } },
    '@groundwork/keep-alive: server timeouts applied')

  fastify.addHook('onReady', async () => {
    if (!http1 && !http1OverHttp2) return
    for (const drift of findDrift(server as Http1Server, values)) {
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
  GW_KEEP_ALIVE_SESSION_NOT_ABOVE_UPSTREAM,
  GW_KEEP_ALIVE_VALUE_TOO_LARGE
} from './errors.js'
export { deriveCheckingInterval } from './checking-interval.js'
export { DEFAULT_DRAIN_TIMEOUT, DEFAULT_HANDSHAKE_TIMEOUT, KeepAliveOptionsSchema, resolveSettings } from './options.js'
export type { KeepAliveOptions, ResolvedSettings, SettingSource, TrackOptions, WarningLogger } from './options.js'
export { deriveFromUpstream, presets } from './presets.js'
export type { Preset, PresetName, ServerTimeouts } from './presets.js'
export { FASTIFY_SERVER_DEFAULTS, serverOptions } from './server-options.js'
export type { KeepAliveServerOptions } from './server-options.js'
export { trackConnections } from './tracker.js'
export type { ConnectionSnapshot, ConnectionTracker, DrainOptions, DrainResult, LongLivedOptions, LongLivedResult, OpenRequest, TrackableServer, TrackedConnections } from './tracker.js'
export type { LongLivedConnection, LongLivedKind } from './long-lived.js'
