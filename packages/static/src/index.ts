import type { FastifyPluginAsync, RouteOptions } from 'fastify'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'
import { resolveOptions, type StaticOptions } from './options.js'
import { createStaticHandlers } from './serve.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Contract 3: a catch-all route that serves only some of the paths it matches. */
    groundwork?: { fallback?: boolean }
  }
}

/** Methods answered with 405 on a path that names a file. OPTIONS is left to @groundwork/routing or @fastify/cors. */
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
    const config = { groundwork: { fallback: true } }
    scope.route({ method: ['GET', 'HEAD'], url, config, handler: handlers.getOrHead })
    const refused = REFUSED_METHODS.filter(method => scope.supportedMethods.includes(method))
    scope.route({ method: refused, url, config, onRequest: handlers.refuseOtherMethods, handler: handlers.otherMethod })
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
