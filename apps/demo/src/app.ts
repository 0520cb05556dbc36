import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import body from '@groundwork/body'
import gracefulClose from '@groundwork/graceful-close'
import keepAlive from '@groundwork/keep-alive'
import routing, { routeModules } from '@groundwork/routing'
import staticFiles from '@groundwork/static'
import type { DemoConfig } from './config.js'
import { crashRoute, throwUncaught, type CrashFn } from './crash-route.js'
import { RequestLineLogController } from './logger.js'
import { apiRoutes } from './routes/index.js'
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
  const app = Fastify({
    logger,
    bodyLimit: config.bodyLimit,
    // graceful-close drains every connection before fastify.close(); Fastify's own 503 for
    // requests that still arrive on kept-alive sockets while closing would fail them instead.
    return503OnClosing: false,
    // With no logger, skip request logging outright rather than build lines nobody writes.
    logController: logger === false ? new LogController({ disableRequestLogging: true }) : new RequestLineLogController()
  })
  app.decorate('users', new UserStore())
  app.decorate('startedAt', performance.now())

  // routing first: it learns every later route, from every plugin, through onRoute.
  await app.register(routing)
  await app.register(body, { bodyLimit: config.bodyLimit })
  await app.register(keepAlive, keepAliveOptions(config))
  await app.register(gracefulClose, {
    drainDelay: config.drainDelayMs,
    timeout: config.shutdownTimeoutMs,
    handleSignals: options.handleSignals ?? false
  })
  await app.register(staticFiles, { root: config.publicDir })

  // Registered last, so the routes see every parser and hook the plugins above added.
  const routes = config.crashRoute ? [...apiRoutes, crashRoute(options.crash ?? throwUncaught)] : apiRoutes
  await app.register(routeModules, { prefix: '/api', routes })
  return app
}

/** Only the timeouts that were set: keep-alive derives or keeps the rest. */
function keepAliveOptions (config: DemoConfig): Record<string, number> {
  const options: Record<string, number | undefined> = {
    upstreamIdleTimeout: config.upstreamIdleTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs
  }
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Record<string, number>
}
