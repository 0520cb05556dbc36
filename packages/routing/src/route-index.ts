import FindMyWay from 'find-my-way'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { GroundworkRouteConfig } from '@groundwork/shared'

type Router = ReturnType<typeof FindMyWay>

/** Contract 3: whether a fallback route serves this request's path (e.g. static: the path names a file). */
export type Serves = NonNullable<GroundworkRouteConfig['serves']>

export interface MatchingOptions {
  caseSensitive: boolean
  ignoreTrailingSlash: boolean
  ignoreDuplicateSlashes: boolean
  maxParamLength: number
  useSemicolonDelimiter: boolean
}

interface RouterConfig {
  caseSensitive?: boolean
  ignoreTrailingSlash?: boolean
  ignoreDuplicateSlashes?: boolean
  maxParamLength?: number
  useSemicolonDelimiter?: boolean
}

/**
 * The private index must match paths exactly as Fastify's router does. Fastify 5 takes these settings at the top
 * level (deprecated) or in `routerOptions`; a non-default value in either place wins.
 */
export function matchingOptionsOf (fastify: FastifyInstance): MatchingOptions {
  // Fastify's initialConfig always carries the top-level defaults (maxParamLength included); routerOptions only
  // exists when the user passed it.
  const config = fastify.initialConfig as RouterConfig & { maxParamLength: number, routerOptions?: RouterConfig }
  const router = config.routerOptions ?? {}
  const maxParamLength = router.maxParamLength ?? 100
  return {
    caseSensitive: config.caseSensitive !== false && router.caseSensitive !== false,
    ignoreTrailingSlash: config.ignoreTrailingSlash === true || router.ignoreTrailingSlash === true,
    ignoreDuplicateSlashes: config.ignoreDuplicateSlashes === true || router.ignoreDuplicateSlashes === true,
    maxParamLength: maxParamLength !== 100 ? maxParamLength : config.maxParamLength,
    useSemicolonDelimiter: config.useSemicolonDelimiter === true || router.useSemicolonDelimiter === true
  }
}

// find-my-way requires a handler per route; the index only ever calls find(), so it never runs.
/* c8 ignore next */
function noop (): void {}

/**
 * Which methods serve which paths: a private find-my-way router holding one unconstrained entry per
 * (method, url) of every route except fallbacks. Only the not-found handler reads it.
 */
export class RouteIndex {
  readonly #routes: Router
  // OPTIONS catch-alls (e.g. @fastify/cors's `OPTIONS *`) answer OPTIONS for paths they do not make exist.
  readonly #optionsCatchAll: Router
  // Fallback routes, kept apart so they never make a path known; only automatic OPTIONS asks them (contract 3).
  readonly #fallbacks: Router
  readonly #methods = new Set<string>()
  readonly #fallbackMethods = new Set<string>()
  readonly #seen = new Set<string>()

  constructor (options: MatchingOptions) {
    this.#routes = FindMyWay(options)
    this.#optionsCatchAll = FindMyWay(options)
    this.#fallbacks = FindMyWay(options)
  }

  /** Adds a route once per (method, url), whatever its constraints. */
  add (method: string, url: string): void {
    const key = `${method} ${url}`
    if (this.#seen.has(key)) return
    this.#seen.add(key)
    const isOptionsCatchAll = method === 'OPTIONS' && url.endsWith('*')
    try {
      (isOptionsCatchAll ? this.#optionsCatchAll : this.#routes).on(method as 'GET', url, noop)
    } catch {
      // Two constrained routes can share a pattern under different parameter names (/a/:id and /a/:key): the
      // first one already makes the path known for that method.
      return
    }
    if (!isOptionsCatchAll) this.#methods.add(method)
  }

  /**
   * Adds a fallback route. Routes without `serves` are kept too: they shadow less specific fallbacks here exactly
   * as they do in Fastify's router.
   */
  addFallback (method: string, url: string, serves: Serves | undefined): void {
    try {
      this.#fallbacks.on(method as 'GET', url, noop, { serves })
    } catch {
      // The pattern is taken (a constrained twin, or another parameter name): the first route decides.
      return
    }
    this.#fallbackMethods.add(method)
  }

  /**
   * Methods, other than `known`, for which the fallback route Fastify would pick for `url` says it serves this
   * request. Each `serves` runs at most once per call, whatever the number of methods its route has.
   */
  async fallbackMethodsServing (request: FastifyRequest, url: string, known: readonly string[]): Promise<string[]> {
    const methods: string[] = []
    const answers = new Map<Serves, Promise<boolean>>()
    for (const method of this.#fallbackMethods) {
      if (known.includes(method)) continue
      const serves = (this.#fallbacks.find(method as 'GET', url)?.store as { serves: Serves | undefined } | undefined)?.serves
      if (serves === undefined) continue
      let answer = answers.get(serves)
      if (answer === undefined) {
        answer = Promise.resolve(serves(request))
        answers.set(serves, answer)
      }
      if (await answer) methods.push(method)
    }
    return methods
  }

  /** Whether any non-fallback route of `method` exists. */
  hasMethod (method: string): boolean {
    return this.#methods.has(method)
  }

  /** Whether a non-fallback route of `method` matches `url`. */
  has (method: string, url: string): boolean {
    return this.#routes.find(method as 'GET', url) !== null
  }

  /** Methods of the non-fallback routes matching `url`, sorted; empty when the path is unknown. */
  methodsFor (url: string): string[] {
    const methods: string[] = []
    for (const method of this.#methods) {
      if (this.#routes.find(method as 'GET', url) !== null) methods.push(method)
    }
    return methods.sort()
  }

  /** Whether an OPTIONS catch-all route covers `url`. */
  optionsCatchAllCovers (url: string): boolean {
    return this.#optionsCatchAll.find('OPTIONS', url) !== null
  }
}
