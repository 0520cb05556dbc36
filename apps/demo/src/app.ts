import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import websocket from '@fastify/websocket'
import body from '@groundwork/body'
import gracefulClose from '@groundwork/graceful-close'
import keepAlive, { serverOptions } from '@groundwork/keep-alive'
import routing, { routeModules } from '@groundwork/routing'
import staticFiles from '@groundwork/static'
import type { DemoConfig } from './config.js'
import { crashRoute, throwUncaught, type CrashFn } from './crash-route.js'
import { RequestLineLogController } from './logger.js'
import { apiHeaders, errorsWithHeaders, pageHeaders, setHeadersInHandlers } from './security-headers.js'
import { apiRoutes } from './routes/index.js'
import { wsRoute } from './routes/ws.js'
import { watchMaintenanceFile } from './maintenance-file.js'
import { createMetricsRegistry, staticMetricsOf, type StaticMetrics } from './metrics.js'
import { MetricsServer } from './metrics-server.js'
import { keepAliveOptions } from './timeouts.js'
import { readTlsFiles, type TlsFiles } from './tls-files.js'
import { transportOptions } from './transport.js'
import { UsersAudit } from './users-audit.js'
import { UserStore } from './users-store.js'

export interface BuildOptions {
  /** pino options, or false (the default) for a silent app, as tests want. */
  logger?: FastifyServerOptions['logger']
  /** Install SIGTERM/SIGINT handling that ends the process; only the process entry point should. */
  handleSignals?: boolean
  /** What the test-only crash route does when its timer fires. Default: throw, uncaught. */
  crash?: CrashFn
  /** config.tls already read and checked (main() does it before building); else buildApp reads it. */
  tls?: TlsFiles
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's users: in memory, never shared with another instance. */
    users: UserStore
    /** performance.now() when the app was built, for the uptime in /api/stats. */
    startedAt: number
    /** STATS_INTERVAL_MS: how often the event stream and subscribed WebSockets get the stats. */
    statsIntervalMs: number
    /** GET /metrics on METRICS_PORT; absent when METRICS_PORT is unset. */
    metricsServer?: MetricsServer
  }
}

/** Composes the five Groundwork plugins and the demo's routes into one app. */
export async function buildApp (config: DemoConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const logger = options.logger ?? false
  const timeouts = keepAliveOptions(config)
  const tls = options.tls ?? (config.tls === undefined ? undefined : await readTlsFiles(config.tls))
  const fromKeepAlive = serverOptions(timeouts)
  // Typed `object` on purpose: Fastify's overloads pick the server's type from literal options, and
  // this choice is made at run time. The app's code is the same on every server (it uses only what
  // requests, replies and servers of all four have), so the app keeps the HTTP/1.1 type.
  const server: object = transportOptions(config.http2, tls, fromKeepAlive.http)
  const app = Fastify({
    // The same timeouts the plugin gets, at construction: Node validates them, and arms its
    // connections check (connectionsCheckingInterval) for them from the first listen.
    ...fromKeepAlive,
    ...server,
    logger,
    bodyLimit: config.bodyLimit,
    // graceful-close drains every connection before fastify.close(); Fastify's own 503 for
    // requests that still arrive on kept-alive sockets while closing would fail them instead.
    return503OnClosing: false,
    // With no logger, skip request logging outright rather than build lines nobody writes.
    logController: logger === false ? new LogController({ disableRequestLogging: true }) : new RequestLineLogController()
  })
  // Before any other onClose hook: Fastify runs them last-added first, so this one runs after all
  // of them and a scraper sees the whole shutdown, closing included.
  const metricsPort = config.metricsPort
  const metrics = metricsPort === undefined ? undefined : new MetricsServer(app.log)
  if (metrics !== undefined) app.addHook('onClose', async () => { await metrics.close() })
  const audit = config.usersAuditFile === undefined ? undefined : new UsersAudit(config.usersAuditFile)
  app.decorate('users', new UserStore(config.maxUsers, audit))
  if (audit !== undefined) app.addHook('onClose', async () => { audit.close() })
  app.decorate('startedAt', performance.now())
  app.decorate('statsIntervalMs', config.statsIntervalMs)

  // Before anything registers a route or a not-found handler: each captures the error handler in force.
  app.setErrorHandler(errorsWithHeaders(apiHeaders))

  // routing first: it learns every later route, from every plugin, through onRoute.
  await app.register(routing)
  await app.register(body, { bodyLimit: config.bodyLimit })
  await app.register(keepAlive, timeouts)
  await app.register(gracefulClose, {
    drainDelay: config.drainDelayMs,
    timeout: config.shutdownTimeoutMs,
    longLivedTimeout: config.longLivedTimeoutMs,
    handleSignals: options.handleSignals ?? false
  })
  if (config.maintenanceFile !== undefined) watchMaintenanceFile(app, config.maintenanceFile)
  // Each in a scope of its own, so its onRoute hook reaches only its routes: the page's policies on the
  // static files (whose own Cache-Control stays), the API's two headers on the API.
  const page = pageHeaders()
  let staticMetrics: (() => StaticMetrics) | undefined
  await app.register(async function pageScope (scope) {
    scope.addHook('onRoute', setHeadersInHandlers(page))
    await scope.register(staticFiles, { root: config.publicDir })
    staticMetrics = staticMetricsOf(scope)
  })

  // Registered last, so the routes see every parser and hook the plugins above added.
  const routes = config.crashRoute ? [...apiRoutes, crashRoute(options.crash ?? throwUncaught)] : apiRoutes
  await app.register(async function apiScope (scope) {
    scope.addHook('onRoute', setHeadersInHandlers(apiHeaders))
    await scope.register(routeModules, { prefix: '/api', routes })
  })
  // @fastify/websocket adds an onRequest and an onResponse hook to the scope it is registered in: in a
  // scope of its own they run for /api/ws only, not for every API request (each app-wide hook costs
  // a small JSON route about 6%).
  await app.register(async function webSocketScope (scope) {
    await scope.register(websocket, { options: { maxPayload: 64 * 1024 } })
    // graceful-close closes the clients of fastify.websocketServer (1001) when the drain starts, and it
    // looks on the app itself, where a scoped decorator is not seen.
    app.decorate('websocketServer', scope.websocketServer)
    // After @fastify/websocket's own onRoute hook, so these wrap its dispatcher, not the socket handler.
    scope.addHook('onRoute', setHeadersInHandlers(apiHeaders))
    await scope.register(routeModules, { prefix: '/api', routes: [wsRoute] })
  })
  if (metrics !== undefined) {
    const register = createMetricsRegistry({
      connections: () => app.connections.snapshot(),
      shutdown: () => app.shutdownMetrics,
      routing: () => app.routingMetrics,
      body: () => app.bodyMetrics,
      static: staticMetrics
    })
    // Before the public port opens: a scraper can watch the instance come up.
    app.addHook('onReady', async () => { await metrics.listen(register, metricsPort as number, config.metricsHost) })
    app.decorate('metricsServer', metrics)
  }
  return app
}
