import { createHash } from 'node:crypto'
import { defineRoute } from '@groundwork/routing'

/** The body plugin's showcase: whatever it parsed comes back, binary as a size and a digest. */
export const echoRoute = defineRoute({
  method: 'POST',
  url: '/echo',
  handler: async (request) => ({
    type: mediaType(request.headers['content-type']),
    body: describeBody(request.body)
  })
})

function mediaType (contentType: string | undefined): string | null {
  if (contentType === undefined) return null
  return contentType.split(';', 1)[0]!.trim().toLowerCase()
}

function describeBody (body: unknown): unknown {
  if (Buffer.isBuffer(body)) {
    return { bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') }
  }
  return body ?? null
}
