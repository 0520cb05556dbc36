import type { FastifyReply, FastifyRequest } from 'fastify'
import { GW_ROUTING_CONNECT_NOT_ALLOWED, GW_ROUTING_METHOD_NOT_ALLOWED, GW_ROUTING_NOT_FOUND, GW_ROUTING_URI_TOO_LONG } from './errors.js'
import { redirectTarget } from './trailing-slash.js'
import type { RoutingCounters } from './metrics.js'
import type { RouteIndex } from './route-index.js'
import type { TrailingSlashPolicy } from './options.js'

export interface NotFoundSettings {
  index: RouteIndex
  autoOptions: boolean
  trailingSlash: TrailingSlashPolicy
  maxPathLength: number
  counters: RoutingCounters
}

/**
 * Everything routing decides runs here, for requests no route served: matched requests never pay for it.
 * Order: CONNECT, 414, trailing-slash redirect, automatic OPTIONS, 404 for unknown paths, 404 when the method has a
 * route that declined (a constraint did not match), else 405.
 */
export function answerUnserved (settings: NotFoundSettings, request: FastifyRequest, reply: FastifyReply): FastifyReply | Promise<FastifyReply> {
  const { index, counters } = settings
  const url = request.raw.url as string
  const method = request.method
  const queryStart = url.indexOf('?')
  const path = queryStart === -1 ? url : url.slice(0, queryStart)

  // Only inject() gets here: node:http hands a CONNECT to its 'connect' event instead (see connect.ts), and
  // node:http2 answers one itself. The same answer keeps tests written with inject() truthful.
  if (method === 'CONNECT' && !index.hasMethod('CONNECT')) {
    counters.connectRefused++
    return reply.header('allow', '').send(new GW_ROUTING_CONNECT_NOT_ALLOWED())
  }

  if (path.length > settings.maxPathLength) {
    counters.uriTooLong++
    return reply.send(new GW_ROUTING_URI_TOO_LONG(path.length, settings.maxPathLength))
  }

  if (settings.trailingSlash === 'redirect') {
    const target = redirectTarget(index, method, path)
    if (target !== undefined) {
      counters.trailingSlashRedirects++
      return reply.code(308).header('location', queryStart === -1 ? target : target + url.slice(queryStart)).send()
    }
  }

  const methods = index.methodsFor(url)
  if (method === 'OPTIONS' && settings.autoOptions && !methods.includes('OPTIONS')) {
    return answerOptions(index, counters, request, reply, url, path, methods)
  }

  // No route of any method matches, or one of this very method matched but declined (a constraint).
  if (methods.length === 0 || methods.includes(method)) {
    counters.notFound++
    return reply.send(new GW_ROUTING_NOT_FOUND(method, path))
  }

  counters.methodNotAllowed++
  const allow = allowHeader(methods, settings.autoOptions || index.optionsCatchAllCovers(url))
  return reply.header('allow', allow).send(new GW_ROUTING_METHOD_NOT_ALLOWED(method, path, allow))
}

/**
 * 204 + Allow for the methods of the routes matching the path, plus those of fallback routes that say they serve
 * this request there (a static file); 404 when there are none. Fallbacks are asked only for OPTIONS, so a 404 or 405
 * never costs them a second look (they already handed the request over).
 */
async function answerOptions (
  index: RouteIndex, counters: RoutingCounters, request: FastifyRequest, reply: FastifyReply, url: string, path: string, methods: string[]
): Promise<FastifyReply> {
  const served = await index.fallbackMethodsServing(request, url, methods)
  const allowed = served.length === 0 ? methods : [...methods, ...served].sort()
  if (allowed.length === 0) {
    counters.notFound++
    return reply.send(new GW_ROUTING_NOT_FOUND('OPTIONS', path))
  }
  counters.optionsAnswered++
  return reply.code(204).header('allow', allowHeader(allowed, true)).send()
}

function allowHeader (methods: readonly string[], withOptions: boolean): string {
  return (withOptions && !methods.includes('OPTIONS') ? [...methods, 'OPTIONS'].sort() : methods).join(', ')
}
