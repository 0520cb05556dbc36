import { createEncodingNegotiator, type Encoding } from './accept-encoding.js'
import { ChunkPool } from './chunk-pool.js'
import { CHUNK_SIZE, POOLED_CHUNKS } from './file-body.js'
import { lookupFile } from './file-lookup.js'
import { HotCache, type Resolution } from './hot-cache.js'
import { DiskCounters } from './metrics.js'
import type { ResolvedOptions } from './options.js'
import type { HeaderPolicy } from './representation.js'
import type { PathResult } from './request-path.js'

/** What one registration serves and how: built once, before its routes, and never changed afterwards. */
export interface Site {
  realRoot: string
  /** Length of the whole URL prefix the files are under (`/v1/assets/`): the relative path starts there. */
  prefixLength: number
  index: string | false
  spa: ResolvedOptions['spa']
  precompressed: boolean
  policy: HeaderPolicy
  cache: HotCache | undefined
  negotiate: (header: string | undefined) => readonly Encoding[]
  /** Read buffers of the disk path's FileBody, reused between downloads. */
  chunks: ChunkPool
  /** What the disk path answered, for `fastify.staticMetrics`. */
  disk: DiskCounters
}

/**
 * The URL prefix the files are under: the enclosing scope's prefix (`instance.prefix`) joined with the plugin's, the
 * way Fastify joins a route url that starts with / to a prefix ('/v1/' + '/assets/' is '/v1/assets/').
 */
export function mountedPrefix (scopePrefix: string, prefix: string): string {
  return scopePrefix.endsWith('/') ? scopePrefix + prefix.slice(1) : scopePrefix + prefix
}

export function createSite (options: ResolvedOptions, mounted: string): Site {
  const policy: HeaderPolicy = {
    immutablePattern: options.immutablePattern,
    maxAge: options.maxAge,
    precompressed: options.precompressed
  }
  const { realRoot } = options
  return {
    realRoot,
    prefixLength: mounted.length,
    index: options.index,
    spa: options.spa,
    precompressed: options.precompressed,
    policy,
    cache: options.hotCache === false ? undefined : new HotCache({ realRoot, policy, ...options.hotCache }),
    negotiate: createEncodingNegotiator(),
    chunks: new ChunkPool(CHUNK_SIZE, POOLED_CHUNKS),
    disk: new DiskCounters()
  }
}

/** The part of a request URL after the prefix, before the query, still percent-encoded. */
export function rawRelativePath (site: Site, url: string): string {
  const query = url.indexOf('?')
  return query === -1 ? url.slice(site.prefixLength) : url.slice(site.prefixLength, query)
}

/** The file GET serves for a parsed path: the path itself, a directory's index, or none. */
export function fileFor (site: Site, parsed: Extract<PathResult, { kind: 'file' }>): string | undefined {
  if (!parsed.directory) return parsed.rel
  if (site.index === false) return undefined
  return parsed.rel === '' ? site.index : `${parsed.rel}/${site.index}`
}

/** Where rel leads now for a request: through the hot cache (counting a hit or a miss) when there is one, else the disk. */
export async function resolveFile (site: Site, rel: string): Promise<Resolution> {
  const cache = site.cache
  if (cache !== undefined) {
    const resolution = await cache.resolve(rel)
    cache.count(resolution)
    return resolution
  }
  const lookup = await lookupFile(site.realRoot, rel)
  return lookup.kind === 'file' ? { kind: 'disk', lookup } : lookup
}

/** Whether GET would find a file at rel now: a fresh cache entry (served as it is), else the disk. No bytes are read. */
export async function namesFile (site: Site, rel: string): Promise<boolean> {
  return site.cache?.fresh(rel, Date.now()) !== undefined || (await lookupFile(site.realRoot, rel)).kind === 'file'
}
