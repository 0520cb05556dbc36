import type {} from 'fastify'

/**
 * Contract 3 (see README.md): route config that @groundwork/static sets and @groundwork/routing
 * reads. Declared here once, so the two packages cannot drift apart.
 */
export interface GroundworkRouteConfig {
  /**
   * A catch-all route that serves only some of the paths it matches (static's wildcard routes: the
   * paths that name a file). routing leaves it out of 405 / Allow, and asks it through
   * `servesPath` before answering automatic OPTIONS on its paths.
   */
  fallback?: boolean
}

declare module 'fastify' {
  interface FastifyContextConfig {
    groundwork?: GroundworkRouteConfig
  }
}
