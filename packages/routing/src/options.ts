import { compileOptions, describeProblems, type OptionProblem } from '@groundwork/shared'
import Type, { type Static } from 'typebox'
import { GW_ROUTING_INVALID_OPTION } from './errors.js'
import type { RouteModuleLike } from './define-route.js'

// Values JSON Schema cannot describe (a route module, a URL) and enumerations are checked with Refine over an
// unconstrained schema: one problem that says what is expected, where a union would list every branch it failed.

function refined<T> (description: string, check: (value: unknown) => boolean, expected: string) {
  return Type.Refine(Type.Unsafe<T>({ description }), check, () => expected)
}

const TRAILING_SLASH_POLICIES = ['strict', 'ignore', 'redirect'] as const

const TrailingSlashPolicySchema = refined<typeof TRAILING_SLASH_POLICIES[number]>(
  'strict: /x and /x/ are different paths; ignore: both serve the route; redirect: 308 to the declared form',
  value => (TRAILING_SLASH_POLICIES as readonly unknown[]).includes(value),
  `must be one of ${TRAILING_SLASH_POLICIES.map(policy => `'${policy}'`).join(', ')}`
)

const RoutesSchema = refined<readonly RouteModuleLike[]>(
  'route modules to register (see defineRoute); each needs a url',
  Array.isArray,
  'must be an array of route modules'
)

const DirSchema = refined<string | URL>(
  'a directory of route modules (file-based routing): an absolute path or a file: URL',
  value => value instanceof URL || (typeof value === 'string' && value.length > 0),
  'must be a non-empty path or a file: URL'
)

const PathSchema = (description: string) => Type.Refine(
  Type.String({ description }),
  value => value.startsWith('/'),
  () => 'must be a path starting with /'
)

export const RouteTableOptionsSchema = Type.Object({
  expose: Type.Optional(Type.Boolean({ description: 'serve the route table as JSON on GET <url>; default false' })),
  url: Type.Optional(PathSchema("where the route table is served when exposed; default '/_routes'"))
}, { additionalProperties: false })

/** `routeModules`'s options. Fastify's own register options (its `prefix`, `logLevel`, ...) are allowed too. */
export const RouteModulesOptionsSchema = Type.Object({
  routes: Type.Optional(RoutesSchema),
  dir: Type.Optional(DirSchema)
}, { additionalProperties: false })

/** The plugin's options. Fastify's own register options (`logLevel`, ...) are allowed too. */
export const RoutingOptionsSchema = Type.Object({
  routes: Type.Optional(RoutesSchema),
  dir: Type.Optional(DirSchema),
  // Checked beside the schema (prefixProblems): compileOptions leaves Fastify's register keys out, and this option
  // has the name of one (fastify-plugin ignores Fastify's, so this one is routing's own).
  prefix: Type.Optional(Type.String({ description: "prefix for the modules of routes and dir: '' or /x; default ''" })),
  trailingSlash: Type.Optional(TrailingSlashPolicySchema),
  autoOptions: Type.Optional(Type.Boolean({ description: 'answer OPTIONS with 204 + Allow for every known path; default true' })),
  routeTable: Type.Optional(RouteTableOptionsSchema),
  maxPathLength: Type.Optional(Type.Integer({
    minimum: 1,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'longest path (before ?) routing answers with anything but 414; default 8192'
  }))
}, { additionalProperties: false })

export type TrailingSlashPolicy = Static<typeof TrailingSlashPolicySchema>
export type RouteTableOptions = Static<typeof RouteTableOptionsSchema>
export type RouteModulesOptions = Static<typeof RouteModulesOptionsSchema>
export type RoutingOptions = Static<typeof RoutingOptionsSchema>

export interface ResolvedOptions {
  routes: readonly RouteModuleLike[]
  dir: string | URL | undefined
  prefix: string
  trailingSlash: TrailingSlashPolicy
  autoOptions: boolean
  routeTable: { expose: boolean, url: string }
  maxPathLength: number
}

export const defaults = {
  prefix: '',
  trailingSlash: 'strict',
  autoOptions: true,
  routeTable: { expose: false, url: '/_routes' },
  maxPathLength: 8192
} as const

const routingOptions = compileOptions(RoutingOptionsSchema)
const routeModulesOptions = compileOptions(RouteModulesOptionsSchema)

function prefixProblems (options: unknown): OptionProblem[] {
  const prefix = (options as { prefix?: unknown } | null | undefined)?.prefix
  if (prefix === undefined || prefix === '') return []
  if (typeof prefix === 'string' && prefix.startsWith('/') && !prefix.endsWith('/')) return []
  return [{ path: 'prefix', message: "must be '' or a path that starts with / and does not end with /" }]
}

function refuse (problems: OptionProblem[]): void {
  if (problems.length > 0) throw new GW_ROUTING_INVALID_OPTION(describeProblems(problems))
}

/** Checks the plugin's options (every problem in one GW_ROUTING_INVALID_OPTION) and fills in the defaults. */
export function resolveOptions (opts: RoutingOptions): ResolvedOptions {
  refuse([...routingOptions.problems(opts), ...prefixProblems(opts)])
  return {
    routes: opts.routes ?? [],
    dir: opts.dir,
    prefix: opts.prefix ?? defaults.prefix,
    trailingSlash: opts.trailingSlash ?? defaults.trailingSlash,
    autoOptions: opts.autoOptions ?? defaults.autoOptions,
    routeTable: { ...defaults.routeTable, ...opts.routeTable },
    maxPathLength: opts.maxPathLength ?? defaults.maxPathLength
  }
}

/** Checks `routeModules`'s options the same way; its `prefix` is Fastify's, which Fastify checks itself. */
export function checkRouteModulesOptions (opts: RouteModulesOptions): void {
  refuse(routeModulesOptions.problems(opts))
}
