import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Encoding } from './accept-encoding.js'
import { NO_CACHE } from './cache-policy.js'
import { decide, isPlainRequest } from './conditional.js'
import { GW_STATIC_PRECONDITION_FAILED, rangeNotSatisfiable } from './errors.js'
import type { Entry } from './hot-cache.js'
import type { Representation } from './representation.js'

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
  return answerConditional(request, reply, representation, spa)
}

/** 412, 416, 304, 206 or 200 for a request with validators or a Range, decided as the disk path decides it. */
function answerConditional (request: FastifyRequest, reply: FastifyReply, representation: Representation, spa: boolean): FastifyReply {
  const { headers, body, validators } = representation
  const decision = decide(request.method, request.headers, validators)
  switch (decision.status) {
    case 412:
      return reply.send(new GW_STATIC_PRECONDITION_FAILED())
    case 416:
      return reply.send(rangeNotSatisfiable(validators.size))
    case 304:
      reply.code(304).headers({
        etag: headers.etag,
        'last-modified': headers['last-modified'],
        'cache-control': spa ? NO_CACHE : headers['cache-control'],
        'x-content-type-options': 'nosniff'
      })
      if (headers.vary !== undefined) reply.header('vary', headers.vary)
      return reply.send()
  }
  reply.headers(headers)
  if (spa) reply.header('cache-control', NO_CACHE)
  if (decision.status === 200) return reply.send(body)
  const { start, end } = decision
  reply.code(206)
    .header('content-range', `bytes ${start}-${end}/${validators.size}`)
    .header('content-length', String(end - start + 1))
  return reply.send(body.subarray(start, end + 1))
}
