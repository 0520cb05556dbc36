/** What `fastify.routingMetrics` returns: answers routing gave since it was registered. */
export interface RoutingMetrics {
  /** 404 `GW_ROUTING_NOT_FOUND` answers, those to `OPTIONS` included. */
  notFound: number
  /** 405 `GW_ROUTING_METHOD_NOT_ALLOWED` answers. */
  methodNotAllowed: number
  /** Automatic `OPTIONS` answers (204 + `Allow`). */
  optionsAnswered: number
  /** 308 trailing-slash redirects (`trailingSlash: 'redirect'`). */
  trailingSlashRedirects: number
  /** 414 `GW_ROUTING_URI_TOO_LONG` answers. */
  uriTooLong: number
  /** `CONNECT` requests refused with 405, on a real socket or through `inject()`. */
  connectRefused: number
}

/**
 * One plugin instance's counters: plain integer fields, bumped only by the not-found handler and the
 * CONNECT listener, the places routing already answers. A request that a route serves never gets here.
 */
export class RoutingCounters implements RoutingMetrics {
  notFound = 0
  methodNotAllowed = 0
  optionsAnswered = 0
  trailingSlashRedirects = 0
  uriTooLong = 0
  connectRefused = 0

  snapshot (): RoutingMetrics {
    return {
      notFound: this.notFound,
      methodNotAllowed: this.methodNotAllowed,
      optionsAnswered: this.optionsAnswered,
      trailingSlashRedirects: this.trailingSlashRedirects,
      uriTooLong: this.uriTooLong,
      connectRefused: this.connectRefused
    }
  }
}
