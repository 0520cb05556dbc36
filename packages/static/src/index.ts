import type { FastifyPluginAsync } from 'fastify'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'
// Contract 3: @groundwork/shared declares `config.groundwork` on Fastify's route config, for this package's users too.
import '@groundwork/shared'
import { countRegistration, type StaticMetrics } from './metrics.js'
import { resolveOptions, type StaticOptions } from './options.js'
import { createMethodRefusal, otherMethod, REFUSED_METHODS } from './other-methods.js'
import { createGetHandler, createServes } from './serve.js'
import { createSite, mountedPrefix } from './site.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * A snapshot of @groundwork/static's counters (hot cache, disk path), summed over every registration on this
     * instance and its child scopes. Decorated by the first registration.
     */
    readonly staticMetrics: StaticMetrics
  }
}

const staticFiles: FastifyPluginAsync<StaticOptions> = async (fastify, opts) => {
  const options = resolveOptions(opts)

  // An encapsulated scope per registration: its own sendFile decorator, its own body-less content-type parser, and
  // nothing leaks to the user's instance, so the plugin can be registered once per root/prefix.
  await fastify.register(async function groundworkStaticScope (scope) {
    if (!scope.hasReplyDecorator('sendFile')) {
      await scope.register(fastifyStatic, { root: options.realRoot, serve: false })
    }
    // Bodies sent to these routes are never read (a file answers 405 from onRequest, before parsing).
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', function ignoreBody (_request, _payload, done) { done(null) })

    const site = createSite(options, mountedPrefix(scope.prefix, options.prefix))
    countRegistration(fastify, site)
    scope.addHook('onClose', async () => {
      site.cache?.clear()
      site.chunks.clear()
    })

    const url = options.prefix + '*'
    const serving = { groundwork: { fallback: true, serves: createServes(site) } }
    scope.route({ method: ['GET', 'HEAD'], url, config: serving, handler: createGetHandler(site) })
    const refused = REFUSED_METHODS.filter(method => scope.supportedMethods.includes(method))
    const refusing = { groundwork: { fallback: true } }
    scope.route({ method: refused, url, config: refusing, onRequest: createMethodRefusal(site), handler: otherMethod })
  })
}

export default fp(staticFiles, { name: '@groundwork/static', fastify: '5.x' })
export { staticFiles }
export type { StaticOptions, SpaOptions, HotCacheOptions } from './options.js'
export type { StaticMetrics } from './metrics.js'
export { DEFAULT_IMMUTABLE_PATTERN } from './cache-policy.js'
export {
  GW_STATIC_INVALID_OPTION,
  GW_STATIC_BAD_PATH,
  GW_STATIC_FORBIDDEN_PATH,
  GW_STATIC_METHOD_NOT_ALLOWED,
  GW_STATIC_PRECONDITION_FAILED,
  GW_STATIC_RANGE_NOT_SATISFIABLE,
  GW_STATIC_FILE_CHANGED
} from './errors.js'
