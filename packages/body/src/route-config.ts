import type { FastifyRequest, preParsingHookHandler, RouteOptions } from 'fastify'
import { GW_BODY_INVALID_ROUTE_CONFIG } from './errors.js'
import type { ResolvedOptions } from './options.js'

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

/** What the parsers need for one route, resolved once at route registration. */
export interface RouteSettings {
  limit: number
  inflatedLimit: number
  maxExpansionRatio: number
  rawBody: boolean
  verify: ((request: FastifyRequest, raw: Buffer) => void | Promise<void>) | undefined
  stream: boolean
}

const kSettings = Symbol('groundwork.body.settings')

interface SettingsCarrier { [kSettings]: RouteSettings | null }

/** The request decorator that carries a route's settings to the parsers (null: the defaults). */
export const SETTINGS_DECORATOR = kSettings as unknown as string

/** The settings of the route a request is for. */
export function settingsOf (request: FastifyRequest, defaults: RouteSettings): RouteSettings {
  return (request as unknown as SettingsCarrier)[kSettings] ?? defaults
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
 * An `onRoute` hook: a route that needs more than the defaults gets a route-level preParsing hook
 * that hands the parsers its settings; every other route pays nothing.
 */
export function attachRouteSettings (options: ResolvedOptions): (route: RouteOptions) => void {
  return route => {
    const settings = resolveRouteSettings(options, `${String(route.method)} ${route.url}`, route.config?.body, route.bodyLimit)
    if (settings === undefined) return
    const attach: preParsingHookHandler = function (request, _reply, payload, done) {
      (request as unknown as SettingsCarrier)[kSettings] = settings
      done(null, payload)
    }
    const existing = route.preParsing
    route.preParsing = existing === undefined ? [attach] : [attach, ...(Array.isArray(existing) ? existing : [existing])]
  }
}

type Check = (name: string, problem: string) => Error

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkLimit (value: unknown, name: string, fail: Check): void {
  if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) > 0)) throw fail(name, 'must be a positive integer')
}

function checkRatio (value: unknown, name: string, fail: Check): void {
  if (value !== undefined && !(typeof value === 'number' && value > 0)) throw fail(name, 'must be a positive number (Infinity disables the check)')
}

function checkBoolean (value: unknown, name: string, fail: Check): void {
  if (value !== undefined && typeof value !== 'boolean') throw fail(name, 'must be a boolean')
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
