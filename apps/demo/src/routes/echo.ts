import { createHash } from 'node:crypto'
import { defineRoute } from '@groundwork/routing'

/** The body plugin's showcase: whatever it parsed comes back, binary as a size and a digest. */
export const echoRoute = defineRoute({
  method: 'POST',
  url: '/echo',
  handler: async (request) => ({
    // Fastify's own parse of Content-Type (lower-cased type/subtype), the one the body parsers matched.
    type: request.mediaType ?? null,
    body: describeBody(request.body)
  })
})

function describeBody (body: unknown): unknown {
  if (Buffer.isBuffer(body)) {
    return { bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') }
  }
  return body ?? null
}
