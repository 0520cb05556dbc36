import type { FastifyRequest } from 'fastify'
import { GW_BODY_INVALID_OPTION, GW_BODY_INVALID_ROUTE_CONFIG } from './errors.js'
import type { LingerSettings } from './linger.js'

/** What to do with `__proto__` / `constructor.prototype` keys: reject with 400, or drop them. */
export type PoisoningAction = 'error' | 'remove'

export interface JsonOptions {
  /** `__proto__` and `constructor.prototype` keys: 400 (`'error'`) or silently dropped (`'remove'`). Default `'error'`. */
  onProtoPoisoning?: PoisoningAction
  /** Deepest nesting of arrays/objects accepted. Default 64. */
  maxDepth?: number
  /** An empty JSON body: 400 (`'error'`) or `request.body === undefined` (`'undefined'`). Default `'error'`. */
  emptyBody?: 'error' | 'undefined'
}

export interface FormOptions {
  /** Parse `a[b]=c` into `{ a: { b: 'c' } }` and `a[]=1` into arrays. Default false (keys stay literal). */
  nested?: boolean
  /** Most `name=value` pairs accepted; more gives 413. Default 1000. */
  parameterLimit?: number
  /** Most bracket segments in a nested key; more gives 400. Default 5. */
  maxDepth?: number
  /** `__proto__`, `constructor` and `prototype` keys: 400 (`'error'`) or dropped (`'remove'`). Default `'error'`. */
  onProtoPoisoning?: PoisoningAction
}

export interface TextOptions {
  /** Bytes that are invalid in the declared charset give 400; when false they become U+FFFD. Default true. */
  strict?: boolean
  /** Charset used when `text/*` has no charset parameter. Default `'utf-8'`. */
  defaultCharset?: string
}

export interface BodyOptions {
  /** Largest body in bytes, as received on the wire. Default: the server's `bodyLimit` (Fastify's default is 1048576, 1 MiB). */
  bodyLimit?: number
  /** Largest body in bytes after decompression. Default: the effective body limit. */
  inflatedLimit?: number
  /** Largest decompressed/compressed size ratio, checked once the inflated body exceeds 64 KiB. Default 100. */
  maxExpansionRatio?: number
  /** Inflate `Content-Encoding: gzip | deflate | br | zstd`. When false, any encoding other than identity gives 415. Default true. */
  decompress?: boolean
  /** `application/json` and `application/*+json`; `false` to not accept JSON. */
  json?: JsonOptions | false
  /** `application/x-www-form-urlencoded`; `false` to not accept forms. */
  form?: FormOptions | false
  /** `text/*`; `false` to not accept text. */
  text?: TextOptions | false
  /** `application/octet-stream` as a Buffer. Default true. */
  binary?: boolean
  /** Every other media type (and a body without Content-Type) as a Buffer instead of 415. Default false. */
  catchAll?: boolean
  /**
   * After rejecting a body that is still arriving (413, 415), keep reading and discarding it for up to
   * `timeoutMs` and `maxBytes`, so a client or proxy still sending reads the answer instead of a reset.
   * Default `{ timeoutMs: 2000, maxBytes: 67108864 }` (2 s, 64 MiB); `false` closes at once.
   */
  linger?: { timeoutMs?: number, maxBytes?: number } | false
}

/** Per-route settings: `config: { body: { ... } }`. */
export interface BodyRouteConfig {
  /** Largest body in bytes for this route (wins over the route's Fastify `bodyLimit` and the plugin's). */
  limit?: number
  /** Largest decompressed body for this route. Default: this route's limit. */
  inflatedLimit?: number
  /** Expansion ratio limit for this route. */
  maxExpansionRatio?: number
  /** Keep the exact (decompressed) bytes in `request.rawBody`. */
  rawBody?: boolean
  /** Called with the (decompressed) bytes before parsing; a throw or rejection gives 403. */
  verify?: (request: FastifyRequest, raw: Buffer) => void | Promise<void>
  /** Do not buffer: `request.body` is a Readable of the (decompressed) body, limits still enforced. */
  stream?: boolean
}

export interface ResolvedJson { onProtoPoisoning: PoisoningAction, maxDepth: number, emptyBody: 'error' | 'undefined' }
export interface ResolvedForm { nested: boolean, parameterLimit: number, maxDepth: number, onProtoPoisoning: PoisoningAction }
export interface ResolvedText { strict: boolean, defaultCharset: string }

export interface ResolvedOptions {
  bodyLimit: number
  inflatedLimit: number | undefined
  maxExpansionRatio: number
  decompress: boolean
  json: ResolvedJson | false
  form: ResolvedForm | false
  text: ResolvedText | false
  binary: boolean
  catchAll: boolean
  linger: LingerSettings | false
}

/** What the parsers need for one route, resolved once at route registration. */
export interface RouteSettings {
  limit: number
  inflatedLimit: number
  maxExpansionRatio: number
  rawBody: boolean
  verify: ((request: FastifyRequest, raw: Buffer) => void | Promise<void>) | undefined
  stream: boolean
}

export const DEFAULT_BODY_LIMIT = 1048576
export const DEFAULT_JSON_MAX_DEPTH = 64
export const DEFAULT_FORM_PARAMETER_LIMIT = 1000
export const DEFAULT_FORM_MAX_DEPTH = 5
export const DEFAULT_MAX_EXPANSION_RATIO = 100
export const DEFAULT_LINGER_TIMEOUT_MS = 2000
export const DEFAULT_LINGER_MAX_BYTES = 64 * 1024 * 1024
const MAX_TIMER_MS = 2 ** 31 - 1

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function positiveInteger (value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) > 0
}

function positiveNumber (value: unknown): boolean {
  return typeof value === 'number' && value > 0 && !Number.isNaN(value)
}

type Check = (name: string, problem: string) => Error

function checkLimit (value: unknown, name: string, fail: Check): void {
  if (value !== undefined && !positiveInteger(value)) throw fail(name, 'must be a positive integer')
}

function checkRatio (value: unknown, name: string, fail: Check): void {
  if (value !== undefined && !positiveNumber(value)) throw fail(name, 'must be a positive number (Infinity disables the check)')
}

function checkBoolean (value: unknown, name: string, fail: Check): void {
  if (value !== undefined && typeof value !== 'boolean') throw fail(name, 'must be a boolean')
}

function checkOneOf (value: unknown, name: string, allowed: readonly string[], fail: Check): void {
  if (value !== undefined && !allowed.includes(value as string)) throw fail(name, `must be one of ${allowed.map(a => `'${a}'`).join(', ')}`)
}

function checkSection (value: unknown, name: string, fail: Check): value is Record<string, unknown> | undefined {
  if (value === undefined || value === false) return value === undefined
  if (!isPlainObject(value)) throw fail(name, 'must be an object or false')
  return true
}

const optionError: Check = (name, problem) => new GW_BODY_INVALID_OPTION(name, problem)

export function resolveOptions (opts: BodyOptions | undefined, serverBodyLimit: number = DEFAULT_BODY_LIMIT): ResolvedOptions {
  if (opts === undefined || opts === null) opts = {}
  if (!isPlainObject(opts)) throw optionError('options', 'must be an object')
  const o = opts as Record<string, unknown>
  checkLimit(o.bodyLimit, 'bodyLimit', optionError)
  checkLimit(o.inflatedLimit, 'inflatedLimit', optionError)
  checkRatio(o.maxExpansionRatio, 'maxExpansionRatio', optionError)
  checkBoolean(o.decompress, 'decompress', optionError)
  checkBoolean(o.binary, 'binary', optionError)
  checkBoolean(o.catchAll, 'catchAll', optionError)

  let json: ResolvedJson | false = false
  if (checkSection(o.json, 'json', optionError)) {
    const j = (o.json ?? {}) as Record<string, unknown>
    checkOneOf(j.onProtoPoisoning, 'json.onProtoPoisoning', ['error', 'remove'], optionError)
    checkLimit(j.maxDepth, 'json.maxDepth', optionError)
    checkOneOf(j.emptyBody, 'json.emptyBody', ['error', 'undefined'], optionError)
    json = {
      onProtoPoisoning: (j.onProtoPoisoning as PoisoningAction | undefined) ?? 'error',
      maxDepth: (j.maxDepth as number | undefined) ?? DEFAULT_JSON_MAX_DEPTH,
      emptyBody: (j.emptyBody as 'error' | 'undefined' | undefined) ?? 'error'
    }
  }

  let form: ResolvedForm | false = false
  if (checkSection(o.form, 'form', optionError)) {
    const f = (o.form ?? {}) as Record<string, unknown>
    checkBoolean(f.nested, 'form.nested', optionError)
    checkLimit(f.parameterLimit, 'form.parameterLimit', optionError)
    checkLimit(f.maxDepth, 'form.maxDepth', optionError)
    checkOneOf(f.onProtoPoisoning, 'form.onProtoPoisoning', ['error', 'remove'], optionError)
    form = {
      nested: (f.nested as boolean | undefined) ?? false,
      parameterLimit: (f.parameterLimit as number | undefined) ?? DEFAULT_FORM_PARAMETER_LIMIT,
      maxDepth: (f.maxDepth as number | undefined) ?? DEFAULT_FORM_MAX_DEPTH,
      onProtoPoisoning: (f.onProtoPoisoning as PoisoningAction | undefined) ?? 'error'
    }
  }

  let text: ResolvedText | false = false
  if (checkSection(o.text, 'text', optionError)) {
    const x = (o.text ?? {}) as Record<string, unknown>
    checkBoolean(x.strict, 'text.strict', optionError)
    if (x.defaultCharset !== undefined && !isKnownCharset(x.defaultCharset)) {
      throw optionError('text.defaultCharset', 'must be a charset label TextDecoder knows')
    }
    text = {
      strict: (x.strict as boolean | undefined) ?? true,
      defaultCharset: (x.defaultCharset as string | undefined) ?? 'utf-8'
    }
  }

  let linger: LingerSettings | false = false
  if (checkSection(o.linger, 'linger', optionError)) {
    const l = (o.linger ?? {}) as Record<string, unknown>
    checkLimit(l.timeoutMs, 'linger.timeoutMs', optionError)
    // setTimeout fires at once for longer delays.
    if ((l.timeoutMs as number | undefined ?? 0) > MAX_TIMER_MS) throw optionError('linger.timeoutMs', `must be at most ${MAX_TIMER_MS}`)
    checkLimit(l.maxBytes, 'linger.maxBytes', optionError)
    linger = {
      timeoutMs: (l.timeoutMs as number | undefined) ?? DEFAULT_LINGER_TIMEOUT_MS,
      maxBytes: (l.maxBytes as number | undefined) ?? DEFAULT_LINGER_MAX_BYTES
    }
  }

  return {
    bodyLimit: (o.bodyLimit as number | undefined) ?? serverBodyLimit,
    inflatedLimit: o.inflatedLimit as number | undefined,
    maxExpansionRatio: (o.maxExpansionRatio as number | undefined) ?? DEFAULT_MAX_EXPANSION_RATIO,
    decompress: (o.decompress as boolean | undefined) ?? true,
    json,
    form,
    text,
    binary: (o.binary as boolean | undefined) ?? true,
    catchAll: (o.catchAll as boolean | undefined) ?? false,
    linger
  }
}

function isKnownCharset (label: unknown): boolean {
  if (typeof label !== 'string') return false
  try {
    // eslint-disable-next-line no-new
    new TextDecoder(label)
    return true
  } catch {
    return false
  }
}

export function defaultRouteSettings (options: ResolvedOptions): RouteSettings {
  return {
    limit: options.bodyLimit,
    inflatedLimit: options.inflatedLimit ?? options.bodyLimit,
    maxExpansionRatio: options.maxExpansionRatio,
    rawBody: false,
    verify: undefined,
    stream: false
  }
}

/**
 * Returns the settings for a route, or undefined when the route needs nothing beyond the
 * plugin defaults (so it gets no hook at all).
 */
export function resolveRouteSettings (
  options: ResolvedOptions,
  route: string,
  config: unknown,
  fastifyBodyLimit: number | undefined
): RouteSettings | undefined {
  if (config === undefined && fastifyBodyLimit === undefined) return undefined
  const fail: Check = (name, problem) => new GW_BODY_INVALID_ROUTE_CONFIG(name, route, problem)
  if (config !== undefined && !isPlainObject(config)) throw fail('', 'must be an object')
  const c = (config ?? {}) as Record<string, unknown>
  checkLimit(c.limit, 'limit', fail)
  checkLimit(c.inflatedLimit, 'inflatedLimit', fail)
  checkRatio(c.maxExpansionRatio, 'maxExpansionRatio', fail)
  checkBoolean(c.rawBody, 'rawBody', fail)
  checkBoolean(c.stream, 'stream', fail)
  if (c.verify !== undefined && typeof c.verify !== 'function') throw fail('verify', 'must be a function')
  if (c.stream === true && (c.rawBody === true || c.verify !== undefined)) {
    throw fail('stream', 'cannot be combined with rawBody or verify (a streamed body is never buffered)')
  }
  const limit = (c.limit as number | undefined) ?? fastifyBodyLimit ?? options.bodyLimit
  return {
    limit,
    inflatedLimit: (c.inflatedLimit as number | undefined) ?? (c.limit === undefined && fastifyBodyLimit === undefined ? options.inflatedLimit : undefined) ?? limit,
    maxExpansionRatio: (c.maxExpansionRatio as number | undefined) ?? options.maxExpansionRatio,
    rawBody: c.rawBody === true,
    verify: c.verify as RouteSettings['verify'],
    stream: c.stream === true
  }
}
