import type { FastifyPluginAsync, FastifyRequest, preParsingHookHandler } from 'fastify'
import type { Readable } from 'node:stream'
import fp from 'fastify-plugin'
import { createDecoder, isUtf8Label } from './charset.js'
import { ACCEPTED_ENCODINGS } from './decompress.js'
import { GW_BODY_EMPTY_JSON, GW_BODY_UNSUPPORTED_CHARSET, GW_BODY_UNSUPPORTED_MEDIA_TYPE, GW_BODY_VERIFY_FAILED } from './errors.js'
import { parseForm } from './form.js'
import { parseJson } from './json.js'
import { LingeringClose } from './linger.js'
import { ANY_TEXT, charsetOf, DEFAULT_ACCEPTED_MEDIA_TYPES, PLUS_JSON } from './media-type.js'
import {
  defaultRouteSettings,
  resolveOptions,
  resolveRouteSettings,
  type BodyOptions,
  type BodyRouteConfig,
  type ResolvedOptions,
  type RouteSettings
} from './options.js'
import { bodyStream, preflight, readPlain, readStream, type BodyCallback } from './read-body.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Per-route body settings from @groundwork/body. */
    body?: BodyRouteConfig
  }
  interface FastifyRequest {
    /** The exact (decompressed) body bytes, on routes with `config: { body: { rawBody: true } }`. */
    rawBody: Buffer | undefined
  }
}

const kSettings = Symbol('groundwork.body.settings')

type ParserDone = (error: Error | null, body?: unknown) => void
/** Turns the body bytes into `request.body`. `keepsBytes`: the result holds on to the bytes themselves. */
type Parse = ((request: FastifyRequest, bytes: Buffer) => unknown) & { keepsBytes?: true }

interface SettingsCarrier { [kSettings]: RouteSettings | null }

/** The media types accepted with the given options, in the order 415 messages list them. */
export function acceptedMediaTypes (options?: BodyOptions): string[] {
  const resolved = resolveOptions(options)
  return DEFAULT_ACCEPTED_MEDIA_TYPES.filter(type => {
    if (type.endsWith('json')) return resolved.json !== false
    if (type.endsWith('urlencoded')) return resolved.form !== false
    if (type.startsWith('text/')) return resolved.text !== false
    return resolved.binary
  })
}

const plugin: FastifyPluginAsync<BodyOptions> = async (fastify, opts) => {
  const options: ResolvedOptions = resolveOptions(opts, fastify.initialConfig.bodyLimit)
  const defaults = defaultRouteSettings(options)
  const accepted = acceptedMediaTypes(opts).join(', ')
  const decode = createDecoder()
  const lingering = options.linger === false ? undefined : new LingeringClose(options.linger)
  // preClose, not onClose: the server waits for its connections before onClose, lingering ones included.
  if (lingering !== undefined) fastify.addHook('preClose', async () => { lingering.endAll() })

  /** Fails the body; a body still arriving is read to its end after the answer, not reset. */
  function reject (request: FastifyRequest, done: ParserDone, error: Error): void {
    lingering?.afterRejecting(request.raw)
    done(error)
  }

  fastify.decorateRequest('rawBody', undefined)
  fastify.decorateRequest(kSettings as unknown as string, null)

  // Routes that need more than the defaults get a route-level preParsing hook that hands the
  // parsers their settings; every other route pays nothing.
  fastify.addHook('onRoute', route => {
    const settings = resolveRouteSettings(options, `${String(route.method)} ${route.url}`, route.config?.body, route.bodyLimit)
    if (settings === undefined) return
    const attach: preParsingHookHandler = function (request, _reply, payload, done) {
      (request as unknown as SettingsCarrier)[kSettings] = settings
      done(null, payload)
    }
    const existing = route.preParsing
    route.preParsing = existing === undefined ? [attach] : [attach, ...(Array.isArray(existing) ? existing : [existing])]
  })

  function receive (request: FastifyRequest, payload: Readable, done: ParserDone, parse: Parse): void {
    const settings = (request as unknown as SettingsCarrier)[kSettings] ?? defaults
    const inflater = preflight(request.headers, settings, options.decompress)
    if (inflater instanceof Error) {
      reject(request, done, inflater)
      return
    }
    if (settings.stream) {
      done(null, bodyStream(payload, request.headers, settings, inflater))
      return
    }
    const onBody: BodyCallback = (error, bytes) => {
      if (error !== null) {
        reject(request, done, error)
        return
      }
      finish(request, bytes as Buffer, settings, parse, done)
    }
    if (inflater === null) readPlain(payload, request.headers, settings.limit, parse.keepsBytes === true || settings.rawBody || settings.verify !== undefined, onBody)
    else readStream(bodyStream(payload, request.headers, settings, inflater), onBody)
  }

  function finish (request: FastifyRequest, bytes: Buffer, settings: RouteSettings, parse: Parse, done: ParserDone): void {
    if (settings.rawBody) request.rawBody = bytes
    if (settings.verify === undefined) {
      parseInto(request, bytes, parse, done)
      return
    }
    const verified = (error: unknown): void => {
      const failure = new GW_BODY_VERIFY_FAILED()
      failure.cause = error
      done(failure)
    }
    let result: void | Promise<void>
    try {
      result = settings.verify(request, bytes)
    } catch (error) {
      verified(error)
      return
    }
    if (result !== undefined && typeof result.then === 'function') {
      result.then(() => { parseInto(request, bytes, parse, done) }, verified)
      return
    }
    parseInto(request, bytes, parse, done)
  }

  function parseInto (request: FastifyRequest, bytes: Buffer, parse: Parse, done: ParserDone): void {
    let body: unknown
    try {
      body = parse(request, bytes)
    } catch (error) {
      done(error as Error)
      return
    }
    done(null, body)
  }

  // Fastify's own application/json and text/plain parsers are replaced; parsers other plugins
  // registered before us stay.
  fastify.removeContentTypeParser(['application/json', 'text/plain'])

  const json = options.json
  if (json !== false) {
    const parse: Parse = (request, bytes) => {
      if (bytes.length === 0) {
        if (json.emptyBody === 'undefined') return undefined
        throw new GW_BODY_EMPTY_JSON()
      }
      return parseJson(decode(bytes, charsetOf(request.headers['content-type']), true, 'JSON'), json.maxDepth, json.onProtoPoisoning)
    }
    fastify.addContentTypeParser('application/json', function (request, payload, done) {
      receive(request, payload, done, parse)
    })
    fastify.addContentTypeParser(PLUS_JSON, function (request, payload, done) {
      receive(request, payload, done, parse)
    })
  }

  const form = options.form
  if (form !== false) {
    const parse: Parse = (request, bytes) => {
      const charset = charsetOf(request.headers['content-type'])
      // WHATWG forms are UTF-8 only; a different declared charset would be silently misread.
      if (charset !== undefined && !isUtf8Label(charset)) throw new GW_BODY_UNSUPPORTED_CHARSET(charset.slice(0, 40), 'forms (UTF-8 only)')
      return parseForm(decode(bytes, undefined, true, 'forms'), form)
    }
    fastify.addContentTypeParser('application/x-www-form-urlencoded', function (request, payload, done) {
      receive(request, payload, done, parse)
    })
  }

  const text = options.text
  if (text !== false) {
    const parse: Parse = (request, bytes) =>
      decode(bytes, charsetOf(request.headers['content-type']) ?? text.defaultCharset, text.strict, 'text')
    fastify.addContentTypeParser(ANY_TEXT, function (request, payload, done) {
      receive(request, payload, done, parse)
    })
  }

  const asBuffer: Parse = (_request, bytes) => bytes
  asBuffer.keepsBytes = true
  if (options.binary) {
    fastify.addContentTypeParser('application/octet-stream', function (request, payload, done) {
      receive(request, payload, done, asBuffer)
    })
  }

  fastify.addContentTypeParser('*', function (request, payload, done) {
    const settings = (request as unknown as SettingsCarrier)[kSettings] ?? defaults
    if (options.catchAll || settings.stream) {
      receive(request, payload, done, asBuffer)
      return
    }
    reject(request, done, new GW_BODY_UNSUPPORTED_MEDIA_TYPE(request.mediaType ?? '(none)', accepted))
  })
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
export type { BodyOptions, BodyRouteConfig, FormOptions, JsonOptions, PoisoningAction, TextOptions } from './options.js'
export type { FormBody } from './form.js'
