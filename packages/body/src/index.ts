import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { createDecoder } from './charset.js'
import { ACCEPTED_ENCODINGS } from './decompress.js'
import { setUpLingering } from './linger.js'
import { mediaParsers } from './media-parsers.js'
import { BodyCounters, type BodyMetrics } from './metrics.js'
import { acceptedTypes, DEFAULT_ACCEPTED_MEDIA_TYPES } from './media-type.js'
import { resolveOptions, type BodyOptions } from './options.js'
import { createReceiver } from './receive.js'
import { attachRouteSettings, defaultRouteSettings, SETTINGS_DECORATOR, type BodyRouteConfig } from './route-config.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Per-route body settings from @groundwork/body. */
    body?: BodyRouteConfig
  }
  interface FastifyRequest {
    /** The exact (decompressed) body bytes, on routes with `config: { body: { rawBody: true } }`. */
    rawBody: Buffer | undefined
  }
  interface FastifyInstance {
    /** A snapshot of @groundwork/body's counters since it was registered: rejections by code, inflation. */
    readonly bodyMetrics: BodyMetrics
  }
}

/** The media types accepted with the given options, in the order 415 messages list them. */
export function acceptedMediaTypes (options?: BodyOptions): string[] {
  return acceptedTypes(resolveOptions(options))
}

const plugin: FastifyPluginAsync<BodyOptions> = async (fastify, opts) => {
  const options = resolveOptions(opts, fastify.initialConfig.bodyLimit)
  const counters = new BodyCounters()
  const receiver = createReceiver(options, defaultRouteSettings(options), setUpLingering(fastify, options.linger), counters)

  fastify.decorate('bodyMetrics', { getter: () => counters.snapshot() })
  fastify.decorateRequest('rawBody', undefined)
  fastify.decorateRequest(SETTINGS_DECORATOR, null)
  fastify.addHook('onRoute', attachRouteSettings(options))

  // Fastify's own application/json and text/plain parsers are replaced; parsers other plugins
  // registered before us stay.
  fastify.removeContentTypeParser(['application/json', 'text/plain'])
  for (const [type, parse] of mediaParsers(options, createDecoder())) {
    fastify.addContentTypeParser(type, receiver.parserFor(parse))
  }
  fastify.addContentTypeParser('*', receiver.otherTypes(acceptedTypes(options).join(', ')))
}

export const body = fp(plugin, { name: '@groundwork/body', fastify: '5.x' })
export default body

export { ACCEPTED_ENCODINGS, DEFAULT_ACCEPTED_MEDIA_TYPES }
export * from './errors.js'
export {
  DEFAULT_BODY_LIMIT,
  DEFAULT_FORM_MAX_DEPTH,
  DEFAULT_FORM_PARAMETER_LIMIT,
  DEFAULT_JSON_MAX_DEPTH,
  DEFAULT_LINGER_MAX_BYTES,
  DEFAULT_LINGER_TIMEOUT_MS,
  DEFAULT_MAX_EXPANSION_RATIO
} from './options.js'
export type { BodyOptions, FormOptions, JsonOptions, PoisoningAction, TextOptions } from './options.js'
export type { BodyRouteConfig } from './route-config.js'
export { REJECTION_CODES } from './metrics.js'
export type { BodyMetrics, RejectionCode } from './metrics.js'
export type { FormBody } from './form.js'
