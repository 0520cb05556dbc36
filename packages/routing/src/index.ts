import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
// Contract 3: @groundwork/shared declares `config.groundwork` on Fastify's route config, for this package's users too.
import '@groundwork/shared'
import { refuseConnect } from './connect.js'
import { resolveOptions } from './options.js'
import type { RoutingOptions } from './options.js'
import { RoutingCounters } from './metrics.js'
import type { RoutingMetrics } from './metrics.js'
import { matchingOptionsOf, RouteIndex } from './route-index.js'
import { RouteTable } from './route-table.js'
import type { RouteTableEntry } from './route-table.js'
import { registerTwin } from './trailing-slash.js'
import { answerUnserved } from './not-found.js'
import { registerRouteDir, registerRouteList } from './route-modules.js'

export { defineRoute } from './define-route.js'
export type { RouteModule, RouteModuleLike } from './define-route.js'
export { routeModules, joinPrefix } from './route-modules.js'
export { findRouteFiles, urlForSegments } from './route-files.js'
export type { RouteFile } from './route-files.js'
export type { RoutingOptions, RouteModulesOptions, RouteTableOptions, TrailingSlashPolicy } from './options.js'
export type { RouteTableEntry } from './route-table.js'
export type { RoutingMetrics } from './metrics.js'
export {
  GW_ROUTING_INVALID_OPTION,
  GW_ROUTING_INVALID_ROUTE_MODULE,
  GW_ROUTING_ROUTE_DIR,
  GW_ROUTING_NOT_FOUND,
  GW_ROUTING_METHOD_NOT_ALLOWED,
  GW_ROUTING_URI_TOO_LONG,
  GW_ROUTING_CONNECT_NOT_ALLOWED
} from './errors.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route Fastify registered after @groundwork/routing: method, url, constraints, hasSchema. */
    routeTable: () => RouteTableEntry[]
    /** A snapshot of the answers @groundwork/routing gave since it was registered: 404, 405, OPTIONS, 308, 414, CONNECT. */
    readonly routingMetrics: RoutingMetrics
  }
}

type RouteSeen = RouteOptions & { routePath: string, prefix: string, prefixTrailingSlash?: string }

const plugin: FastifyPluginAsync<RoutingOptions> = async (fastify, opts) => {
  const options = resolveOptions(opts)
  const matching = matchingOptionsOf(fastify)
  const index = new RouteIndex(matching)
  const table = new RouteTable()
  const counters = new RoutingCounters()
  // Twins are only needed when Fastify itself does not already ignore trailing slashes.
  const makeTwins = options.trailingSlash === 'ignore' && !matching.ignoreTrailingSlash
  let registeringTwin = false

  fastify.addHook('onRoute', function (this: FastifyInstance, routeOptions) {
    const route = routeOptions as RouteSeen
    table.record(route)
    const groundwork = route.config?.groundwork
    if (groundwork?.fallback === true) {
      for (const method of [route.method].flat()) index.addFallback(method, route.url, groundwork.serves)
      // Tells the fallback whether OPTIONS is answered on the paths it serves, so an Allow of its own can say so.
      route.config = { ...route.config, groundwork: { ...groundwork, autoOptions: options.autoOptions } }
    } else {
      for (const method of [route.method].flat()) {
        index.add(method, route.url)
        // Fastify registers '/prefix/' next to '/prefix' without announcing it (prefixTrailingSlash 'both').
        if (route.routePath === '' && (route.prefixTrailingSlash ?? 'both') === 'both') index.add(method, route.url + '/')
      }
    }
    if (makeTwins && !registeringTwin) {
      registeringTwin = true
      try {
        registerTwin(this, route)
      } finally {
        registeringTwin = false
      }
    }
  })

  fastify.decorate('routeTable', () => table.list())
  fastify.decorate('routingMetrics', { getter: () => counters.snapshot() })
  refuseConnect(fastify, counters)

  const settings = { ...options, index, counters }
  const answer = async (request: FastifyRequest, reply: FastifyReply) => answerUnserved(settings, request, reply)
  // The onRequest hook answers before any body is parsed (a 405 must not turn into a 415); the handler covers
  // fallback routes that hand over with reply.callNotFound(), which skips onRequest hooks. Fastify honours every
  // lifecycle hook in these options at runtime; its types only list preValidation and preHandler.
  const notFoundOptions = { onRequest: answer } as unknown as { preHandler: never[] }
  fastify.setNotFoundHandler(notFoundOptions, answer)

  if (options.routeTable.expose) {
    fastify.get(options.routeTable.url, async () => table.list())
  }

  registerRouteList(fastify, options.routes, options.prefix)
  if (options.dir !== undefined) await registerRouteDir(fastify, options.dir, options.prefix)
}

export const routing = fp(plugin, { name: '@groundwork/routing', fastify: '5.x' })
export default routing
