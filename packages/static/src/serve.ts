import type { FastifyReply, FastifyRequest } from 'fastify'
import { answerFromDisk } from './disk-answer.js'
import { GW_STATIC_BAD_PATH, GW_STATIC_FORBIDDEN_PATH } from './errors.js'
import { answerFromMemory } from './memory-answer.js'
import { fastRelativePath, parseRelativePath, type PathResult } from './request-path.js'
import { fileFor, namesFile, rawRelativePath, resolveFile, type Site } from './site.js'
import { wantsSpaIndex } from './spa.js'

/** Not ours: @groundwork/routing (if registered) answers 404, 405 or OPTIONS from here (contract 3). */
export function notFound (reply: FastifyReply): FastifyReply {
  reply.callNotFound()
  return reply
}

/** 400 for a malformed path, 403 for a path with dot or empty segments. */
export function refusePath (reply: FastifyReply, parsed: Exclude<PathResult, { kind: 'file' }>): FastifyReply {
  return reply.send(parsed.kind === 'bad' ? new GW_STATIC_BAD_PATH() : new GW_STATIC_FORBIDDEN_PATH())
}

/** Serves rel if it names a file, from memory or from disk; false when there is nothing to serve. */
async function serveFile (site: Site, request: FastifyRequest, reply: FastifyReply, rel: string, spa: boolean): Promise<boolean> {
  const resolution = await resolveFile(site, rel)
  if (resolution.kind === 'entry') {
    answerFromMemory(request, reply, resolution.entry, spa, site.negotiate)
    return true
  }
  if (resolution.kind === 'disk') {
    await answerFromDisk(site, request, reply, rel, resolution.lookup, spa)
    return true
  }
  return false
}

/** Everything the hot path does not answer: decoding, dotfiles, indexes, the disk, the SPA index, else notFound. */
async function serveSlowly (site: Site, request: FastifyRequest, reply: FastifyReply, rawPath: string): Promise<FastifyReply> {
  const parsed = parseRelativePath(rawPath)
  if (parsed.kind !== 'file') return refusePath(reply, parsed)
  // Hidden files are indistinguishable from missing ones, and never trigger the SPA fallback.
  if (parsed.dotfile) return notFound(reply)
  const rel = fileFor(site, parsed)
  if (rel !== undefined && await serveFile(site, request, reply, rel, false)) return reply
  const spa = site.spa
  if (spa !== false && wantsSpaIndex(request, spa.apiPrefixes, parsed.rel) &&
    await serveFile(site, request, reply, spa.index, true)) {
    return reply
  }
  return notFound(reply)
}

/**
 * The GET/HEAD handler. A canonical path with a fresh cache entry is answered synchronously from memory (the hot
 * path: no decoding, no file-system call); anything else takes the slow path.
 */
export function createGetHandler (site: Site): (request: FastifyRequest, reply: FastifyReply) => FastifyReply | Promise<FastifyReply> {
  const { cache, negotiate } = site
  return function getOrHead (request, reply) {
    const rawPath = rawRelativePath(site, request.raw.url as string)
    if (cache !== undefined) {
      const rel = fastRelativePath(rawPath)
      if (rel !== undefined) {
        const entry = cache.fresh(rel, Date.now())
        if (entry !== undefined) {
          cache.hits++
          return answerFromMemory(request, reply, entry, false, negotiate)
        }
      }
    }
    return serveSlowly(site, request, reply, rawPath)
  }
}

/**
 * Contract 3: asked by @groundwork/routing's automatic OPTIONS. True where GET with the same headers would be
 * served: a file (an index for a trailing slash), or the SPA index for an HTML navigation.
 */
export function createServes (site: Site): (request: FastifyRequest) => Promise<boolean> {
  return async function serves (request) {
    const parsed = parseRelativePath(rawRelativePath(site, request.raw.url as string))
    if (parsed.kind !== 'file' || parsed.dotfile) return false
    const rel = fileFor(site, parsed)
    if (rel !== undefined && await namesFile(site, rel)) return true
    const spa = site.spa
    return spa !== false && wantsSpaIndex(request, spa.apiPrefixes, parsed.rel) && await namesFile(site, spa.index)
  }
}
