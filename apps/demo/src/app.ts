import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify'
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
import { keepAliveOptions } from './timeouts.js'
import { UsersAudit } from './users-audit.js'
import { UserStore } from './users-store.js'

export interface BuildOptions {
  /** pino options, or false (the default) for a silent app, as tests want. */
  logger?: FastifyServerOptions['logger']
  /** Install SIGTERM/SIGINT handling that ends the process; only the process entry point should. */
  handleSignals?: boolean
  /** What the test-only crash route does when its timer fires. Default: throw, uncaught. */
  crash?: CrashFn
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's users: in memory, never shared with another instance. */
    users: UserStore
    /** performance.now() when the app was built, for the uptime in /api/stats. */
    startedAt: number
  }
}

/** Composes the five Groundwork plugins and the demo's routes into one app. */
export async function buildApp (config: DemoConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const logger = options.logger ?? false
  const timeouts = keepAliveOptions(config)
  const app = Fastify({
    // The same timeouts the plugin gets, at construction: Node validates them, and arms its
    // connections check (connectionsCheckingInterval) for them from the first listen.
    ...serverOptions(timeouts),
    logger,
    bodyLimit: config.bodyLimit,
    // graceful-close drains every connection before fastify.close(); Fastify's own 503 for
    // requests that still arrive on kept-alive sockets while closing would fail them instead.
    return503OnClosing: false,
    // With no logger, skip request logging outright rather than build lines nobody writes.
    logController: logger === false ? new LogController({ disableRequestLogging: true }) : new RequestLineLogController()
  })
  const audit = config.usersAuditFile === undefined ? undefined : new UsersAudit(config.usersAuditFile)
  app.decorate('users', new UserStore(config.maxUsers, audit))
  if (audit !== undefined) app.addHook('onClose', async () => { audit.close() })
  app.decorate('startedAt', performance.now())

  // Before anything registers a route or a not-found handler: each captures the error handler in force.
  app.setErrorHandler(errorsWithHeaders(apiHeaders))

  // routing first: it learns every later route, from every plugin, through onRoute.
  await app.register(routing)
  await app.register(body, { bodyLimit: config.bodyLimit })
  await app.register(keepAlive, timeouts)
  await app.register(gracefulClose, {
    drainDelay: config.drainDelayMs,
    timeout: config.shutdownTimeoutMs,
    handleSignals: options.handleSignals ?? false
  })
  // Each in a scope of its own, so its onRoute hook reaches only its routes: the page's policies on the
  // static files (whose own Cache-Control stays), the API's two headers on the API.
  const page = pageHeaders()
  await app.register(async function pageScope (scope) {
    scope.addHook('onRoute', setHeadersInHandlers(page))
    await scope.register(staticFiles, { root: config.publicDir })
  })

  // Registered last, so the routes see every parser and hook the plugins above added.
  const routes = config.crashRoute ? [...apiRoutes, crashRoute(options.crash ?? throwUncaught)] : apiRoutes
  await app.register(async function apiScope (scope) {
    scope.addHook('onRoute', setHeadersInHandlers(apiHeaders))
    await scope.register(routeModules, { prefix: '/api', routes })
  })
  return app
}
