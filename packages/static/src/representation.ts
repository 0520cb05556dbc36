import path from 'node:path'
import type { BigIntStats, Stats } from 'node:fs'
import type { Encoding } from './accept-encoding.js'
import { cacheControlFor, type CachePolicy } from './cache-policy.js'
import { contentTypeFor } from './content-type.js'
import type { Validators } from './conditional.js'

/** One servable form of a file (identity or a precompressed sibling) with its headers computed once. */
export interface Representation {
  body: Buffer
  /** Lower-case header names, ready for reply.headers() on a 200. */
  headers: Record<string, string>
  validators: Validators
}

export interface HeaderPolicy extends CachePolicy {
  precompressed: boolean
}

/** Headers every answer for this file carries, whatever its status: type, caching, encoding, nosniff. */
export function fileHeaders (identityPath: string, encoding: Encoding | undefined, policy: HeaderPolicy): Record<string, string> {
  const contentType = contentTypeFor(identityPath)
  const headers: Record<string, string> = {
    'content-type': contentType,
    'cache-control': cacheControlFor(path.basename(identityPath), contentType, policy),
    'x-content-type-options': 'nosniff'
  }
  if (policy.precompressed) headers.vary = 'accept-encoding'
  if (encoding !== undefined) headers['content-encoding'] = encoding
  return headers
}

/** Validators computed exactly as @fastify/send computes them, so a file moving between memory and disk keeps its ETag. */
export function validatorsOf (stats: BigIntStats): Validators {
  // send's ETag takes Stats.mtime, which node:fs rounds from seconds and nanoseconds as doubles.
  // BigIntStats.mtimeMs truncates instead, and would give another ETag for most files.
  const seconds = stats.mtimeNs / 1_000_000_000n
  const nanoseconds = stats.mtimeNs % 1_000_000_000n
  return validatorsFor(Number(stats.size), Math.round(Number(seconds) * 1000 + Number(nanoseconds) / 1e6))
}

/** The same validators from the stat @fastify/send serves a file with (its ETag takes mtime in whole milliseconds). */
export function validatorsOfSendStat (stat: Stats): Validators {
  return validatorsFor(stat.size, stat.mtime.getTime())
}

function validatorsFor (size: number, mtimeMs: number): Validators {
  const lastModifiedHeader = new Date(mtimeMs).toUTCString()
  return {
    etag: `W/"${size.toString(16)}-${mtimeMs.toString(16)}"`,
    lastModified: Date.parse(lastModifiedHeader),
    lastModifiedHeader,
    size
  }
}

export function buildRepresentation (
  identityPath: string,
  encoding: Encoding | undefined,
  body: Buffer,
  stats: BigIntStats,
  policy: HeaderPolicy
): Representation {
  const validators = validatorsOf(stats)
  const headers = fileHeaders(identityPath, encoding, policy)
  headers['content-length'] = String(body.length)
  headers.etag = validators.etag
  headers['last-modified'] = validators.lastModifiedHeader
  headers['accept-ranges'] = 'bytes'
  return { body, headers, validators }
}
