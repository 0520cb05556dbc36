import type { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { NO_CACHE } from './cache-policy.js'
import { decide, type Validators } from './conditional.js'
import { GW_STATIC_PRECONDITION_FAILED, rangeNotSatisfiable } from './errors.js'

/**
 * The body of the bytes [start, end] (inclusive) of a representation, or undefined for none (HEAD). Only called when
 * a body is sent, so the disk path opens nothing for a 304, a 412 or a 416.
 */
export type BodyOf = (start: number, end: number) => Buffer | Readable | undefined

/**
 * 412, 416, 304, 206 or 200 for a representation, decided from its validators: one answer whether its bytes are in
 * memory or on disk. `headers` are those of a 200 (type, caching, validators, length).
 */
export function answerRepresentation (
  request: FastifyRequest, reply: FastifyReply, headers: Record<string, string>, validators: Validators, spa: boolean, bodyOf: BodyOf
): FastifyReply {
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
  if (decision.status === 200) return reply.send(bodyOf(0, validators.size - 1))
  const { start, end } = decision
  reply.code(206)
    .header('content-range', `bytes ${start}-${end}/${validators.size}`)
    .header('content-length', String(end - start + 1))
  return reply.send(bodyOf(start, end))
}
