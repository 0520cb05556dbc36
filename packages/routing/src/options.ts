import { InvalidOptionError } from './errors.js'
import type { RouteModuleLike } from './define-route.js'

export type TrailingSlashPolicy = 'strict' | 'ignore' | 'redirect'

export interface RouteTableOptions {
  /** Serve the route table as JSON on `GET <url>`. Default false. */
  expose?: boolean
  /** Where the route table is served when exposed. Default '/_routes'. */
  url?: string
}

export interface RoutingOptions {
  /** Route modules to register (see `defineRoute`). */
  routes?: readonly RouteModuleLike[]
  /** A directory of route modules (file-based routing). An absolute path or a file: URL. */
  dir?: string | URL
  /** Prefix for the modules of `routes` and `dir`. Default ''. */
  prefix?: string
  /** What to do when a path differs from a route only by its trailing slash. Default 'strict'. */
  trailingSlash?: TrailingSlashPolicy
  /** Answer OPTIONS with 204 + Allow for every known path. Default true. */
  autoOptions?: boolean
  /** The opt-in GET route that shows the route table. */
  routeTable?: RouteTableOptions
  /** Longest path (before `?`) routing answers with anything but 414. Default 8192. */
  maxPathLength?: number
}

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

const trailingSlashPolicies: readonly string[] = ['strict', 'ignore', 'redirect']

export function resolveOptions (opts: RoutingOptions): ResolvedOptions {
  const routes = opts.routes ?? []
  if (!Array.isArray(routes)) {
    throw new InvalidOptionError('routes', 'must be an array of route modules')
  }

  const dir = opts.dir
  if (dir !== undefined && !(dir instanceof URL) && (typeof dir !== 'string' || dir.length === 0)) {
    throw new InvalidOptionError('dir', 'must be a non-empty path or a file: URL')
  }

  const prefix = validatePrefix(opts.prefix ?? defaults.prefix)

  const trailingSlash = opts.trailingSlash ?? defaults.trailingSlash
  if (!trailingSlashPolicies.includes(trailingSlash)) {
    throw new InvalidOptionError('trailingSlash', `must be one of ${trailingSlashPolicies.join(', ')}`)
  }

  const autoOptions = opts.autoOptions ?? defaults.autoOptions
  if (typeof autoOptions !== 'boolean') {
    throw new InvalidOptionError('autoOptions', 'must be a boolean')
  }

  const routeTable = { ...defaults.routeTable, ...opts.routeTable }
  if (typeof routeTable.expose !== 'boolean') {
    throw new InvalidOptionError('routeTable.expose', 'must be a boolean')
  }
  if (typeof routeTable.url !== 'string' || !routeTable.url.startsWith('/')) {
    throw new InvalidOptionError('routeTable.url', 'must be a path starting with /')
  }

  const maxPathLength = opts.maxPathLength ?? defaults.maxPathLength
  if (!Number.isSafeInteger(maxPathLength) || maxPathLength < 1) {
    throw new InvalidOptionError('maxPathLength', 'must be a positive integer')
  }

  return { routes, dir, prefix, trailingSlash, autoOptions, routeTable, maxPathLength }
}

function validatePrefix (prefix: unknown): string {
  if (prefix === '') return prefix
  if (typeof prefix !== 'string' || !prefix.startsWith('/') || prefix.endsWith('/')) {
    throw new InvalidOptionError('prefix', 'must be \'\' or a path that starts with / and does not end with /')
  }
  return prefix
}
