import path from 'node:path'
import type { Stats } from 'node:fs'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { SendOptions } from '@fastify/static'
import { createEncodingNegotiator, ENCODING_EXTENSIONS, type Encoding } from './accept-encoding.js'
import { NO_CACHE } from './cache-policy.js'
import { decide, isPlainRequest } from './conditional.js'
import {
  GW_STATIC_BAD_PATH,
  GW_STATIC_FORBIDDEN_PATH,
  GW_STATIC_METHOD_NOT_ALLOWED,
  GW_STATIC_PRECONDITION_FAILED,
  GW_STATIC_RANGE_NOT_SATISFIABLE
} from './errors.js'
import { lookupFile, type FoundFile } from './file-lookup.js'
import { HotCache, type Entry, type Resolution } from './hot-cache.js'
import type { ResolvedOptions } from './options.js'
import { fileHeaders, validatorsOfSendStat, type HeaderPolicy, type Representation } from './representation.js'
import { fastRelativePath, parseRelativePath, type PathResult } from './request-path.js'
import { wantsSpaIndex } from './spa.js'

type ParsedFile = Extract<PathResult, { kind: 'file' }>

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

const ALLOW = 'GET, HEAD'
// When @groundwork/routing's automatic OPTIONS answers on the paths this plugin serves (contract 3).
const ALLOW_WITH_OPTIONS = 'GET, HEAD, OPTIONS'

export interface StaticHandlers {
  cache: HotCache | undefined
  setRouteUrl: (url: string) => void
  getOrHead: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | Promise<FastifyReply>
  serves: (request: FastifyRequest) => Promise<boolean>
  refuseOtherMethods: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>
  otherMethod: (request: FastifyRequest, reply: FastifyReply) => FastifyReply
}

/** Not ours: @groundwork/routing (if registered) answers 404, 405 or OPTIONS from here (contract 3). */
function notFound (reply: FastifyReply): FastifyReply {
  reply.callNotFound()
  return reply
}

function withHeaders<E extends Error> (error: E, headers: Record<string, string>): E & { headers: Record<string, string> } {
  return Object.assign(error, { headers })
}

function unsatisfiable (size: number): Error {
  return withHeaders(new GW_STATIC_RANGE_NOT_SATISFIABLE(), { 'content-range': `bytes */${size}` })
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
  if (decision.status === 416) throw unsatisfiable(stat.size)
  if (decision.status === 206) headers.range = `bytes=${decision.start}-${decision.end}`
  else delete headers.range
  delete headers['if-range']
}

export function createStaticHandlers (options: ResolvedOptions): StaticHandlers {
  const policy: HeaderPolicy = {
    immutablePattern: options.immutablePattern,
    maxAge: options.maxAge,
    precompressed: options.precompressed
  }
  const { realRoot } = options
  const cache = options.hotCache === false
    ? undefined
    : new HotCache({ realRoot, policy, ...options.hotCache })
  const negotiate = createEncodingNegotiator()
  // Length of the route's full prefix (including any prefix of the scope the plugin is registered in).
  let prefixLength = options.prefix.length

  function rawRelativePath (url: string): string {
    const query = url.indexOf('?')
    return query === -1 ? url.slice(prefixLength) : url.slice(prefixLength, query)
  }

  function pick (entry: Entry, acceptEncoding: string | undefined): Representation {
    const variants = entry.variants
    if (variants === undefined) return entry.identity
    for (const encoding of negotiate(acceptEncoding)) {
      const variant = variants[encoding]
      if (variant !== undefined) return variant
    }
    return entry.identity
  }

  function sendEntry (request: FastifyRequest, reply: FastifyReply, entry: Entry, spa: boolean): FastifyReply {
    const representation = pick(entry, request.headers['accept-encoding'])
    if (isPlainRequest(request.headers)) {
      reply.headers(representation.headers)
      if (spa) reply.header('cache-control', NO_CACHE)
      return reply.send(representation.body)
    }
    return sendConditional(request, reply, representation, spa)
  }

  function sendConditional (request: FastifyRequest, reply: FastifyReply, representation: Representation, spa: boolean): FastifyReply {
    const { headers, body, validators } = representation
    const decision = decide(request.method, request.headers, validators)
    switch (decision.status) {
      case 412:
        return reply.send(new GW_STATIC_PRECONDITION_FAILED())
      case 416:
        return reply.send(unsatisfiable(validators.size))
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

  async function sendFromDisk (request: FastifyRequest, reply: FastifyReply, rel: string, identity: FoundFile, spa: boolean): Promise<void> {
    let chosen = identity
    let encoding: Encoding | undefined
    if (options.precompressed) {
      for (const candidate of negotiate(request.headers['accept-encoding'])) {
        const sibling = await lookupFile(realRoot, rel + ENCODING_EXTENSIONS[candidate])
        if (sibling.kind === 'file') {
          chosen = sibling
          encoding = candidate
          break
        }
      }
    }
    const headers = fileHeaders(rel, encoding, policy)
    if (spa) headers['cache-control'] = NO_CACHE
    const sendPath = '/' + path.relative(realRoot, chosen.realPath).split(path.sep).join('/')
    reply.sendFile(sendPath, realRoot, {
      ...DISK_SEND_OPTIONS,
      onFile (_path: string, stat: Stats) {
        settleRange(request, stat)
        reply.headers(headers)
      }
    })
  }

  async function resolve (rel: string): Promise<Resolution> {
    if (cache !== undefined) return cache.resolve(rel)
    const lookup = await lookupFile(realRoot, rel)
    return lookup.kind === 'file' ? { kind: 'disk', lookup } : lookup
  }

  /** Serves rel if it names a file; false when there is nothing to serve. */
  async function serveFile (request: FastifyRequest, reply: FastifyReply, rel: string, spa: boolean): Promise<boolean> {
    const resolution = await resolve(rel)
    if (resolution.kind === 'entry') {
      sendEntry(request, reply, resolution.entry, spa)
      return true
    }
    if (resolution.kind === 'disk') {
      await sendFromDisk(request, reply, rel, resolution.lookup, spa)
      return true
    }
    return false
  }

  function fileFor (parsed: ParsedFile): string | undefined {
    if (!parsed.directory) return parsed.rel
    if (options.index === false) return undefined
    return parsed.rel === '' ? options.index : `${parsed.rel}/${options.index}`
  }

  function refuse (reply: FastifyReply, parsed: PathResult): FastifyReply {
    return reply.send(parsed.kind === 'bad' ? new GW_STATIC_BAD_PATH() : new GW_STATIC_FORBIDDEN_PATH())
  }

  async function serveSlowly (request: FastifyRequest, reply: FastifyReply, rawPath: string): Promise<FastifyReply> {
    const parsed = parseRelativePath(rawPath)
    if (parsed.kind !== 'file') return refuse(reply, parsed)
    // Hidden files are indistinguishable from missing ones, and never trigger the SPA fallback.
    if (parsed.dotfile) return notFound(reply)
    const rel = fileFor(parsed)
    if (rel !== undefined && await serveFile(request, reply, rel, false)) return reply
    const spa = options.spa
    if (spa !== false && wantsSpaIndex(request, spa.apiPrefixes, parsed.rel) &&
      await serveFile(request, reply, spa.index, true)) {
      return reply
    }
    return notFound(reply)
  }

  function getOrHead (request: FastifyRequest, reply: FastifyReply): FastifyReply | Promise<FastifyReply> {
    const rawPath = rawRelativePath(request.raw.url as string)
    if (cache !== undefined) {
      const rel = fastRelativePath(rawPath)
      if (rel !== undefined) {
        const entry = cache.fresh(rel, Date.now())
        if (entry !== undefined) return sendEntry(request, reply, entry, false)
      }
    }
    return serveSlowly(request, reply, rawPath)
  }

  /** Whether GET would find a file at rel now: a fresh cache entry (served as it is), else the disk. No bytes are read. */
  async function namesFile (rel: string): Promise<boolean> {
    return cache?.fresh(rel, Date.now()) !== undefined || (await lookupFile(realRoot, rel)).kind === 'file'
  }

  /**
   * Contract 3: asked by @groundwork/routing's automatic OPTIONS. True where GET with the same headers would be
   * served: a file (an index for a trailing slash), or the SPA index for an HTML navigation.
   */
  async function serves (request: FastifyRequest): Promise<boolean> {
    const parsed = parseRelativePath(rawRelativePath(request.raw.url as string))
    if (parsed.kind !== 'file' || parsed.dotfile) return false
    const rel = fileFor(parsed)
    if (rel !== undefined && await namesFile(rel)) return true
    const spa = options.spa
    return spa !== false && wantsSpaIndex(request, spa.apiPrefixes, parsed.rel) && await namesFile(spa.index)
  }

  /**
   * Runs as the route's onRequest hook, before body parsing, so that a file answers 405 even to a body or a
   * Content-Type Fastify could not parse. Anything that is not a file falls through to notFound().
   */
  async function refuseOtherMethods (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
    const parsed = parseRelativePath(rawRelativePath(request.raw.url as string))
    if (parsed.kind !== 'file') return refuse(reply, parsed)
    const rel = fileFor(parsed)
    if (parsed.dotfile || rel === undefined || !await namesFile(rel)) return undefined
    const allow = request.routeOptions.config.groundwork?.autoOptions === true ? ALLOW_WITH_OPTIONS : ALLOW
    return reply.send(withHeaders(new GW_STATIC_METHOD_NOT_ALLOWED(request.method), { allow }))
  }

  function otherMethod (_request: FastifyRequest, reply: FastifyReply): FastifyReply {
    return notFound(reply)
  }

  return {
    cache,
    setRouteUrl (url) { prefixLength = url.length - 1 },
    getOrHead,
    serves,
    refuseOtherMethods,
    otherMethod
  }
}
