import type { FastifyInstance } from 'fastify'
import type { HotCache } from './hot-cache.js'

/** What `fastify.staticMetrics` returns: a fresh object on each read, summed over the registrations it covers. */
export interface StaticMetrics {
  hotCache: {
    /** Lookups answered from memory without reading the file (a fresh entry, or a stale one whose stat had not changed). */
    hits: number
    /** Lookups that were not: the file was read (first request, or it changed), was too large, or was not there. */
    misses: number
    /** Bytes the caches hold now, 2 KiB of bookkeeping per entry included. */
    bytes: number
    /** Entries the caches hold now. */
    entries: number
    /** Entries dropped to make room for another within maxBytes (a changed file's replacement is not one). */
    evictions: number
  }
  disk: {
    /** Answers made by the disk fast path (200, 206, 304, 412, 416, HEAD). */
    served: number
    /** Files the fast path could not open as a regular file, handed to @fastify/send. */
    sendFallbacks: number
    /** Downloads refused with GW_STATIC_FILE_CHANGED: the file changed while it was being read. */
    changedDuringDownload: number
  }
}

/** One registration's disk-path counters: plain integer fields bumped where the disk path answers anyway. */
export class DiskCounters {
  served = 0
  sendFallbacks = 0
  changedDuringDownload = 0
}

/** What each registration hands the shared registry: its cache (if any) and its disk counters. */
interface Counted {
  cache: HotCache | undefined
  disk: DiskCounters
}

/**
 * The registrations counted by one `staticMetrics` decorator. Kept on the instance that decorated it (under a symbol),
 * so it lives and dies with that app: nothing is shared between apps, and there is no module state.
 */
class MetricsRegistry {
  readonly #counted: Counted[] = []

  add (counted: Counted): void {
    this.#counted.push(counted)
  }

  snapshot (): StaticMetrics {
    const metrics: StaticMetrics = {
      hotCache: { hits: 0, misses: 0, bytes: 0, entries: 0, evictions: 0 },
      disk: { served: 0, sendFallbacks: 0, changedDuringDownload: 0 }
    }
    const { hotCache, disk } = metrics
    for (const { cache, disk: counters } of this.#counted) {
      if (cache !== undefined) {
        hotCache.hits += cache.hits
        hotCache.misses += cache.misses
        hotCache.bytes += cache.bytes
        hotCache.entries += cache.entries.size
        hotCache.evictions += cache.evictions
      }
      disk.served += counters.served
      disk.sendFallbacks += counters.sendFallbacks
      disk.changedDuringDownload += counters.changedDuringDownload
    }
    return metrics
  }
}

const REGISTRY = Symbol('@groundwork/static metrics registry')

/**
 * Counts a registration in the `staticMetrics` of the instance it is registered on. The first registration on an
 * instance (or on one of its ancestors) decorates it; later ones, there or in child scopes, which inherit the
 * decorator, join its registry.
 */
export function countRegistration (fastify: FastifyInstance, counted: Counted): void {
  if (!fastify.hasDecorator(REGISTRY)) {
    const registry = new MetricsRegistry()
    fastify.decorate(REGISTRY, registry)
    fastify.decorate('staticMetrics', { getter: () => registry.snapshot() })
  }
  (fastify as unknown as Record<typeof REGISTRY, MetricsRegistry>)[REGISTRY].add(counted)
}
