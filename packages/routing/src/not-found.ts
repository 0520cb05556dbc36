import type { FastifyReply, FastifyRequest } from 'fastify'
import { MethodNotAllowedError, NotFoundError, UriTooLongError } from './errors.js'
import { redirectTarget } from './trailing-slash.js'
import type { RouteIndex } from './route-index.js'
import type { TrailingSlashPolicy } from './options.js'

export interface NotFoundSettings {
  index: RouteIndex
  autoOptions: boolean
  trailingSlash: TrailingSlashPolicy
  maxPathLength: number
}

/**
 * Everything routing decides runs here, for requests no route served: matched requests never pay for it.
 * Order: 414, trailing-slash redirect, 404 for unknown paths, automatic OPTIONS, 404 when the method has a route
 * that declined (a constraint did not match), else 405.
 */
export function answerUnserved (settings: NotFoundSettings, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { index } = settings
  const url = request.raw.url as string
  const method = request.method
  const queryStart = url.indexOf('?')
  const path = queryStart === -1 ? url : url.slice(0, queryStart)

  if (path.length > settings.maxPathLength) {
    return reply.send(new UriTooLongError(path.length, settings.maxPathLength))
  }

  if (settings.trailingSlash === 'redirect') {
    const target = redirectTarget(index, method, path)
    if (target !== undefined) {
      return reply.code(308).header('location', queryStart === -1 ? target : target + url.slice(queryStart)).send()
    }
  }

  const methods = index.methodsFor(url)
  if (methods.length === 0) {
    return reply.send(new NotFoundError(method, path))
  }

  if (method === 'OPTIONS' && settings.autoOptions && !methods.includes('OPTIONS')) {
    return reply.code(204).header('allow', allowHeader(methods, true)).send()
  }

  if (methods.includes(method)) {
    return reply.send(new NotFoundError(method, path))
  }

  const allow = allowHeader(methods, settings.autoOptions || index.optionsCatchAllCovers(url))
  return reply.header('allow', allow).send(new MethodNotAllowedError(method, path, allow))
}

function allowHeader (methods: readonly string[], withOptions: boolean): string {
  return (withOptions && !methods.includes('OPTIONS') ? [...methods, 'OPTIONS'].sort() : methods).join(', ')
}
