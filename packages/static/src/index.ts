import type { FastifyPluginAsync, FastifyRequest, RouteOptions } from 'fastify'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'
import { resolveOptions, type StaticOptions } from './options.js'
import { createStaticHandlers } from './serve.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Contract 3 (the same declaration as @groundwork/routing's). `fallback`: a catch-all route that serves only
     * some of the paths it matches. `serves`: whether it serves this request's path, for automatic OPTIONS.
     * `autoOptions`: set by @groundwork/routing when that OPTIONS is answered.
     */
    groundwork?: {
      fallback?: boolean
      serves?: (request: FastifyRequest) => boolean | Promise<boolean>
      autoOptions?: boolean
    }
  }
}

/**
 * Methods answered with 405 on a path that names a file. OPTIONS gets no route: an `OPTIONS <prefix>*` would collide
 * with @fastify/cors's `OPTIONS *` (FST_ERR_DUPLICATED_ROUTE). @groundwork/routing answers it, asking `serves`.
 */
const REFUSED_METHODS = ['DELETE', 'PATCH', 'POST', 'PUT', 'QUERY', 'TRACE']

const staticFiles: FastifyPluginAsync<StaticOptions> = async (fastify, opts) => {
  const options = resolveOptions(opts)
  const handlers = createStaticHandlers(options)

  // An encapsulated scope per registration: its own sendFile decorator, its own body-less content-type parser, and
  // nothing leaks to the user's instance, so the plugin can be registered once per root/prefix.
  await fastify.register(async function groundworkStaticScope (scope) {
    if (!scope.hasReplyDecorator('sendFile')) {
      await scope.register(fastifyStatic, { root: options.realRoot, serve: false })
    }
    // Bodies sent to these routes are never read (a file answers 405 from onRequest, before parsing).
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', function ignoreBody (_request, _payload, done) { done(null) })
    scope.addHook('onRoute', (route: RouteOptions) => {
      if (route.handler === handlers.getOrHead) handlers.setRouteUrl(route.url)
    })
    scope.addHook('onClose', async () => { handlers.cache?.clear() })

    const url = options.prefix + '*'
    const serving = { groundwork: { fallback: true, serves: handlers.serves } }
    scope.route({ method: ['GET', 'HEAD'], url, config: serving, handler: handlers.getOrHead })
    const refused = REFUSED_METHODS.filter(method => scope.supportedMethods.includes(method))
    const refusing = { groundwork: { fallback: true } }
    scope.route({ method: refused, url, config: refusing, onRequest: handlers.refuseOtherMethods, handler: handlers.otherMethod })
  })
}

export default fp(staticFiles, { name: '@groundwork/static', fastify: '5.x' })
export { staticFiles }
export type { StaticOptions, SpaOptions, HotCacheOptions } from './options.js'
export { DEFAULT_IMMUTABLE_PATTERN } from './cache-policy.js'
export {
  GW_STATIC_INVALID_OPTION,
  GW_STATIC_BAD_PATH,
  GW_STATIC_FORBIDDEN_PATH,
  GW_STATIC_METHOD_NOT_ALLOWED,
  GW_STATIC_PRECONDITION_FAILED,
  GW_STATIC_RANGE_NOT_SATISFIABLE
} from './errors.js'
