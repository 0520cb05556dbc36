import { close, fstat, open, type BigIntStats, type Stats } from 'node:fs'
import path from 'node:path'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SendOptions } from '@fastify/static'
import { ENCODING_EXTENSIONS, type Encoding } from './accept-encoding.js'
import { NO_CACHE } from './cache-policy.js'
import { decide } from './conditional.js'
import { rangeNotSatisfiable } from './errors.js'
import { FileBody } from './file-body.js'
import { lookupFile, type FoundFile } from './file-lookup.js'
import { fileHeaders, validatorsOf, validatorsOfSendStat } from './representation.js'
import { answerRepresentation } from './representation-answer.js'
import type { Site } from './site.js'

/**
 * Options for @fastify/send, which answers what the fast path below does not: a file that could not be opened or is
 * no longer a regular file (send answers 404 or its own error for those, as it always did). Type, caching and
 * encoding headers are ours (set in onFile, so they are only set once a file was found).
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

/** The file opened for reading and stat'ed through its descriptor, or undefined when it is not a regular file now. */
function openRegularFile (realPath: string): Promise<{ fd: number, stats: BigIntStats } | undefined> {
  return new Promise(resolve => {
    open(realPath, 'r', (openError, fd) => {
      if (openError !== null) return resolve(undefined)
      fstat(fd, { bigint: true }, (statError, stats) => {
        if (statError === null && stats.isFile()) return resolve({ fd, stats })
        close(fd, () => resolve(undefined))
      })
    })
  })
}

/** Streams a file through @fastify/send, with this package's headers and Range decision. */
function answerThroughSend (site: Site, request: FastifyRequest, reply: FastifyReply, file: FoundFile, headers: Record<string, string>): void {
  const sendPath = '/' + path.relative(site.realRoot, file.realPath).split(path.sep).join('/')
  reply.sendFile(sendPath, site.realRoot, {
    ...DISK_SEND_OPTIONS,
    onFile (_path: string, stat: Stats) {
      settleRange(request, stat)
      reply.headers(headers)
    }
  })
}

/**
 * Answers a file found on disk. The fast path: open it, stat the descriptor (so the bytes, the length and the
 * validators are the file's now, and one and the same file), decide 200, 206, 304, 412 or 416 as the memory path
 * does, and stream the bytes with a FileBody. Nothing of @fastify/send's per-request work (its path checks, a second
 * stat, a fresh buffer per read) is repeated. What cannot be opened as a regular file goes to @fastify/send.
 */
export async function answerFromDisk (
  site: Site, request: FastifyRequest, reply: FastifyReply, rel: string, identity: FoundFile, spa: boolean
): Promise<void> {
  const { file, encoding } = await chooseFile(site, rel, identity, request.headers['accept-encoding'])
  const headers = fileHeaders(rel, encoding, site.policy)
  if (spa) headers['cache-control'] = NO_CACHE
  const opened = await openRegularFile(file.realPath)
  if (opened === undefined) {
    site.disk.sendFallbacks++
    return answerThroughSend(site, request, reply, file, headers)
  }
  site.disk.served++
  const { fd, stats } = opened
  const validators = validatorsOf(stats)
  headers['content-length'] = String(validators.size)
  headers.etag = validators.etag
  headers['last-modified'] = validators.lastModifiedHeader
  headers['accept-ranges'] = 'bytes'
  let body: FileBody | undefined
  answerRepresentation(request, reply, headers, validators, spa, (start, end) => {
    if (request.method === 'HEAD' || end < start) return undefined
    body = new FileBody(fd, start, end, stats, site.chunks, site.disk)
    return body
  })
  if (body === undefined) {
    close(fd, () => {})
    return
  }
  // If the body is never piped (an onSend hook failed, the client left first), closing the response still closes the file.
  const owned = body
  reply.raw.once('close', () => owned.destroy())
}
