import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Encoding } from './accept-encoding.js'
import { NO_CACHE } from './cache-policy.js'
import { isPlainRequest } from './conditional.js'
import type { Entry } from './hot-cache.js'
import type { Representation } from './representation.js'
import { answerRepresentation } from './representation-answer.js'

type Negotiate = (header: string | undefined) => readonly Encoding[]

/** The best representation of a cached file for this Accept-Encoding: a precompressed sibling, else the identity. */
function pick (entry: Entry, acceptEncoding: string | undefined, negotiate: Negotiate): Representation {
  const variants = entry.variants
  if (variants === undefined) return entry.identity
  for (const encoding of negotiate(acceptEncoding)) {
    const variant = variants[encoding]
    if (variant !== undefined) return variant
  }
  return entry.identity
}

/** Answers from a cached file: the precomputed headers and Buffer, or a conditional/range answer made from them. */
export function answerFromMemory (
  request: FastifyRequest, reply: FastifyReply, entry: Entry, spa: boolean, negotiate: Negotiate
): FastifyReply {
  const representation = pick(entry, request.headers['accept-encoding'], negotiate)
  if (isPlainRequest(request.headers)) {
    reply.headers(representation.headers)
    if (spa) reply.header('cache-control', NO_CACHE)
    return reply.send(representation.body)
  }
  const { headers, body, validators } = representation
  return answerRepresentation(request, reply, headers, validators, spa, (start, end) =>
    start === 0 && end === body.length - 1 ? body : body.subarray(start, end + 1))
}
