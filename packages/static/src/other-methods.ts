import type { FastifyReply, FastifyRequest } from 'fastify'
import { GW_STATIC_METHOD_NOT_ALLOWED, withHeaders } from './errors.js'
import { parseRelativePath } from './request-path.js'
import { notFound, refusePath } from './serve.js'
import { fileFor, namesFile, rawRelativePath, type Site } from './site.js'

/**
 * Methods answered with 405 on a path that names a file. OPTIONS gets no route: an `OPTIONS <prefix>*` would collide
 * with @fastify/cors's `OPTIONS *` (FST_ERR_DUPLICATED_ROUTE). @groundwork/routing answers it, asking `serves`.
 */
export const REFUSED_METHODS: readonly string[] = ['DELETE', 'PATCH', 'POST', 'PUT', 'QUERY', 'TRACE']

const ALLOW = 'GET, HEAD'
// When @groundwork/routing's automatic OPTIONS answers on the paths this plugin serves (contract 3).
const ALLOW_WITH_OPTIONS = 'GET, HEAD, OPTIONS'

/**
 * The onRequest hook of the route of the other methods: it runs before body parsing, so that a file answers 405
 * even to a body or a Content-Type Fastify could not parse. Anything that is not a file goes on to otherMethod.
 */
export function createMethodRefusal (site: Site): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  return async function refuseOtherMethods (request, reply) {
    const parsed = parseRelativePath(rawRelativePath(site, request.raw.url as string))
    if (parsed.kind !== 'file') return refusePath(reply, parsed)
    const rel = fileFor(site, parsed)
    if (parsed.dotfile || rel === undefined || !await namesFile(site, rel)) return undefined
    const allow = request.routeOptions.config.groundwork?.autoOptions === true ? ALLOW_WITH_OPTIONS : ALLOW
    return reply.send(withHeaders(new GW_STATIC_METHOD_NOT_ALLOWED(request.method), { allow }))
  }
}

/** The handler of that route: a path that names no file is not ours. */
export function otherMethod (_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return notFound(reply)
}
