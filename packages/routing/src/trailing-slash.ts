import type { FastifyInstance, HTTPMethods, RouteOptions } from 'fastify'
import type { RouteIndex } from './route-index.js'

/** The route path that differs from `routePath` only by its trailing slash, or undefined when none applies. */
export function twinPath (routePath: string): string | undefined {
  // The prefix root ('') already gets both forms from Fastify, a catch-all matches both, and an optional
  // parameter must stay last.
  if (routePath === '' || routePath === '/' || routePath.endsWith('*') || routePath.includes('?')) return undefined
  return routePath.endsWith('/') ? routePath.slice(0, -1) : routePath + '/'
}

type RouteSeen = RouteOptions & { routePath: string, prefix: string }

/**
 * trailingSlash 'ignore': registers the other slash form of a route as a route of its own, in the same
 * encapsulation context, so matched requests keep Fastify's plain lookup. Forms that already exist are skipped.
 */
export function registerTwin (instance: FastifyInstance, route: RouteSeen): void {
  const path = twinPath(route.routePath)
  if (path === undefined) return
  const url = route.prefix + path
  const methods = ([route.method].flat() as HTTPMethods[])
    .filter((method) => !instance.hasRoute({ method, url, constraints: route.constraints }))
  if (methods.length === 0) return
  instance.route({ ...route, method: methods, url: path, path } as RouteOptions)
}

/**
 * trailingSlash 'redirect': the other slash form of `path` when it is served for `method` and `path` itself is
 * not. Requiring the original to be unserved makes the redirect one-way, so it can never loop.
 */
export function redirectTarget (index: RouteIndex, method: string, path: string): string | undefined {
  // Only origin-form paths; '//host' and '/\host' would read as another site in a Location header.
  if (path.length < 2 || path.charCodeAt(0) !== 47 || path.charCodeAt(1) === 47 || path.charCodeAt(1) === 92) return undefined
  const other = path.endsWith('/') ? path.slice(0, -1) : path + '/'
  if (!index.has(method, other) || index.has(method, path)) return undefined
  return other
}
