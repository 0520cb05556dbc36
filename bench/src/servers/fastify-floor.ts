// The Fastify floor for a small static file: a bare Fastify wildcard route answering one file's bytes, read once at
// start, with the headers @groundwork/static's hot cache sends (type, caching, validators, nosniff, vary), built
// once. No path handling and no validators checked: what Fastify itself costs for this response. With
// `headers: 'content-type'` it sends only Content-Type, the cheapest answer Fastify gives.
import { readFile, stat } from 'node:fs/promises'
import Fastify from 'fastify'
import type { RunningServer } from './kinds.js'
import { listenFastify } from './listen.js'

export interface FastifyFloorOptions {
  /** the URL path answered; anything else is 404 */
  path: string
  /** the file whose bytes it answers */
  file: string
  headers: 'same' | 'content-type'
}

export async function start ({ path, file, headers: which }: FastifyFloorOptions): Promise<RunningServer> {
  const body = await readFile(file)
  const { size, mtime } = await stat(file)
  const mtimeMs = mtime.getTime()
  const headers: Record<string, string> = which === 'content-type'
    ? { 'content-type': 'text/plain; charset=utf-8' }
    : {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'public, max-age=0',
        'x-content-type-options': 'nosniff',
        vary: 'accept-encoding',
        'content-length': String(size),
        etag: `W/"${size.toString(16)}-${mtimeMs.toString(16)}"`,
        'last-modified': mtime.toUTCString(),
        'accept-ranges': 'bytes'
      }
  const app = Fastify({ logger: false })
  app.get('/*', (request, reply) => {
    if (request.raw.url !== path) return reply.callNotFound()
    return reply.headers(headers).send(body)
  })
  return listenFastify(app)
}
