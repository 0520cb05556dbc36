import path from 'node:path'
import type { Stats } from 'node:fs'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SendOptions } from '@fastify/static'
import { ENCODING_EXTENSIONS, type Encoding } from './accept-encoding.js'
import { NO_CACHE } from './cache-policy.js'
import { decide } from './conditional.js'
import { rangeNotSatisfiable } from './errors.js'
import { lookupFile, type FoundFile } from './file-lookup.js'
import { fileHeaders, validatorsOfSendStat } from './representation.js'
import type { Site } from './site.js'

/**
 * Options for @fastify/send on the disk path. Type, caching and encoding headers are ours (set in onFile, so they
 * are only set once a file was found); send keeps what it is good at: validators, conditionals, ranges, streaming.
 * A larger read size than the 64 KiB default halves the number of reads for big files.
 */
const DISK_SEND_OPTIONS: SendOptions & { highWaterMark: number } = {
  acceptRanges: true,
  cacheControl: false,
  contentType: false,
  dotfiles: 'allow',
  etag: true,
  index: false,
  lastModified: true,
  highWaterMark: 256 * 1024
}

/**
 * Makes @fastify/send answer a Range exactly as the memory path does. send reads Range its own way (it merges
 * several ranges into one and refuses some that RFC 9110 says to serve or ignore), and it reads it from the raw
 * request after onFile, so this runs in onFile, on the very stat send serves. A 416 is thrown (send rejects, and
 * sendFile sends the error); otherwise Range is rewritten to the one range decided, or removed when it is ignored.
 * If-Range was applied in the decision and goes with it. A 304 or 412 is left to send's conditionals.
 */
function settleRange (request: FastifyRequest, stat: Stats): void {
  const headers = request.raw.headers
  if (headers.range === undefined) return
  const decision = decide(request.method, headers, validatorsOfSendStat(stat))
  if (decision.status === 304 || decision.status === 412) return
  if (decision.status === 416) throw rangeNotSatisfiable(stat.size)
  if (decision.status === 206) headers.range = `bytes=${decision.start}-${decision.end}`
  else delete headers.range
  delete headers['if-range']
}

/** The precompressed sibling of rel this Accept-Encoding prefers that exists, else the identity file. */
async function chooseFile (
  site: Site, rel: string, identity: FoundFile, acceptEncoding: string | undefined
): Promise<{ file: FoundFile, encoding: Encoding | undefined }> {
  if (site.precompressed) {
    for (const encoding of site.negotiate(acceptEncoding)) {
      const sibling = await lookupFile(site.realRoot, rel + ENCODING_EXTENSIONS[encoding])
      if (sibling.kind === 'file') return { file: sibling, encoding }
    }
  }
  return { file: identity, encoding: undefined }
}

/** Streams a file found on disk through @fastify/send, with this package's headers and Range decision. */
export async function answerFromDisk (
  site: Site, request: FastifyRequest, reply: FastifyReply, rel: string, identity: FoundFile, spa: boolean
): Promise<void> {
  const { file, encoding } = await chooseFile(site, rel, identity, request.headers['accept-encoding'])
  const headers = fileHeaders(rel, encoding, site.policy)
  if (spa) headers['cache-control'] = NO_CACHE
  const sendPath = '/' + path.relative(site.realRoot, file.realPath).split(path.sep).join('/')
  reply.sendFile(sendPath, site.realRoot, {
    ...DISK_SEND_OPTIONS,
    onFile (_path: string, stat: Stats) {
      settleRange(request, stat)
      reply.headers(headers)
    }
  })
}
