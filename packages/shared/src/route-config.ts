import type { FastifyRequest } from 'fastify'

/**
 * Contract 3 (see README.md): route config that @groundwork/static sets and @groundwork/routing
 * reads and writes. Declared here once, so the two packages cannot drift apart; each of them
 * imports @groundwork/shared, so importing either one brings this declaration along.
 */
export interface GroundworkRouteConfig {
  /**
   * Set by the route's owner: a catch-all route that serves only some of the paths it matches
   * (static's wildcard routes: the paths that name a file). routing leaves it out of 405 / Allow
   * and out of the set of known paths, and answers what it hands over with `reply.callNotFound()`.
   */
  fallback?: boolean
  /**
   * Set by the owner of a fallback route: whether the route serves this request's path (static:
   * the path names a file, or the SPA index would be sent for these headers). routing's automatic
   * OPTIONS asks it, at most once per request, and only for OPTIONS; it must not read the body.
   */
  serves?: (request: FastifyRequest) => boolean | Promise<boolean>
  /**
   * Set by @groundwork/routing on every fallback route it sees, to its own `autoOptions`: whether
   * OPTIONS is answered on the paths the route serves, so that an `Allow` the route sends itself
   * (static's 405) lists OPTIONS only then. Undefined without routing.
   */
  autoOptions?: boolean
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Contract 3: see GroundworkRouteConfig. */
    groundwork?: GroundworkRouteConfig
  }
}
