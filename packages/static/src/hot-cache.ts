import { open } from 'node:fs/promises'
import { ENCODING_EXTENSIONS, SERVER_PREFERENCE, type Encoding } from './accept-encoding.js'
import { lookupFile, signatureOf, statSignature, type FoundFile } from './file-lookup.js'
import { buildRepresentation, type HeaderPolicy, type Representation } from './representation.js'

/**
 * Accounted per entry on top of the bytes of its buffers: the key, the header objects and the Map slot. Generous on
 * purpose so that `maxBytes` bounds real memory, not just payload bytes.
 */
export const ENTRY_OVERHEAD = 2048

const READ_ATTEMPTS = 3

/**
 * How many files over maxFileSize have their lookup remembered. Bounded by count: a remembered lookup is a path and
 * a stat, a few hundred bytes, and a crawler of large files must not grow it forever.
 */
export const MAX_REMEMBERED_LARGE_FILES = 1024

/**
 * A file too large for memory, found on disk. Its lookup (realpath and stat) is reused for
 * revalidateMs: @fastify/send stats and opens the file itself on every request, so the bytes and validators a client
 * gets are always current; only the decision "this path is a large file inside the root" is remembered.
 */
interface LargeFile {
  lookup: FoundFile
  checkedAt: number
}

export interface Entry {
  rel: string
  identity: Representation
  /** Precompressed siblings that exist, or undefined when there are none (the common fast case). */
  variants: Partial<Record<Encoding, Representation>> | undefined
  /** Stat signatures of the file and of each possible sibling, compared on revalidation. */
  signature: string
  bytes: number
  checkedAt: number
  revalidation: Promise<Resolution> | undefined
}

/** The outcome of looking a path up through the cache. */
export type Resolution =
  /** `read`: the file was read for this answer (it was not cached, or it changed), which is a miss, not a hit. */
  | { kind: 'entry', entry: Entry, read: boolean }
  | { kind: 'disk', lookup: FoundFile }
  | { kind: 'directory' }
  | { kind: 'missing' }

export interface HotCacheConfig {
  realRoot: string
  maxFileSize: number
  maxBytes: number
  revalidateMs: number
  policy: HeaderPolicy
  /** Not a user option: tests lower it to exercise the bound without thousands of files. */
  maxLargeFiles?: number
}

export class HotCache {
  readonly entries = new Map<string, Entry>()
  /** Counted by the request handlers, per lookup (see `count`); `evictions` here, where entries are evicted. */
  hits = 0
  misses = 0
  evictions = 0
  #bytes = 0
  readonly #loading = new Map<string, Promise<Resolution>>()
  readonly #largeFiles = new Map<string, LargeFile>()
  readonly #config: HotCacheConfig
  readonly #siblings: readonly Encoding[]

  constructor (config: HotCacheConfig) {
    this.#config = config
    this.#siblings = config.policy.precompressed ? SERVER_PREFERENCE : []
  }

  /** Bytes accounted for all entries, overhead included; never above maxBytes. */
  get bytes (): number {
    return this.#bytes
  }

  /** The entry for rel if it was checked within revalidateMs: the synchronous hot path. */
  fresh (rel: string, now: number): Entry | undefined {
    const entry = this.entries.get(rel)
    if (entry !== undefined && now - entry.checkedAt < this.#config.revalidateMs) return entry
    return undefined
  }

  /** Serves rel from memory when possible, revalidating or loading it first; concurrent callers share the work. */
  resolve (rel: string): Promise<Resolution> {
    const entry = this.entries.get(rel)
    if (entry !== undefined) {
      if (Date.now() - entry.checkedAt < this.#config.revalidateMs) return Promise.resolve({ kind: 'entry', entry, read: false })
      entry.revalidation ??= this.#revalidate(entry)
      return entry.revalidation
    }
    const large = this.#largeFiles.get(rel)
    if (large !== undefined) {
      if (Date.now() - large.checkedAt < this.#config.revalidateMs) return Promise.resolve({ kind: 'disk', lookup: large.lookup })
      this.#largeFiles.delete(rel)
    }
    let loading = this.#loading.get(rel)
    if (loading === undefined) {
      loading = this.#load(rel).finally(() => this.#loading.delete(rel))
      this.#loading.set(rel, loading)
    }
    return loading
  }

  /** Counts one request's lookup: a hit when it is answered from memory without reading the file, else a miss. */
  count (resolution: Resolution): void {
    if (resolution.kind === 'entry' && !resolution.read) this.hits++
    else this.misses++
  }

  clear (): void {
    this.entries.clear()
    this.#largeFiles.clear()
    this.#bytes = 0
  }

  /** How many large-file lookups are remembered; never above maxLargeFiles (MAX_REMEMBERED_LARGE_FILES). */
  get largeFiles (): number {
    return this.#largeFiles.size
  }

  #rememberLarge (rel: string, lookup: FoundFile): Resolution {
    if (this.#largeFiles.size >= (this.#config.maxLargeFiles ?? MAX_REMEMBERED_LARGE_FILES)) {
      const oldest = this.#largeFiles.keys().next().value as string
      this.#largeFiles.delete(oldest)
    }
    this.#largeFiles.set(rel, { lookup, checkedAt: Date.now() })
    return { kind: 'disk', lookup }
  }

  async #signature (rel: string): Promise<string> {
    const parts = await Promise.all([
      statSignature(this.#config.realRoot, rel),
      ...this.#siblings.map(encoding => statSignature(this.#config.realRoot, rel + ENCODING_EXTENSIONS[encoding]))
    ])
    return parts.join('|')
  }

  async #revalidate (entry: Entry): Promise<Resolution> {
    const signature = await this.#signature(entry.rel)
    if (this.entries.get(entry.rel) === entry && signature === entry.signature) {
      entry.checkedAt = Date.now()
      entry.revalidation = undefined
      // Re-inserting moves the entry to the young end of the Map: recency is tracked once per revalidation.
      this.entries.delete(entry.rel)
      this.entries.set(entry.rel, entry)
      return { kind: 'entry', entry, read: false }
    }
    this.#remove(entry)
    return this.resolve(entry.rel)
  }

  #remove (entry: Entry): void {
    if (this.entries.get(entry.rel) === entry) {
      this.entries.delete(entry.rel)
      this.#bytes -= entry.bytes
    }
  }

  async #load (rel: string): Promise<Resolution> {
    for (let attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      const identity = await lookupFile(this.#config.realRoot, rel)
      if (identity.kind !== 'file') return identity
      if (Number(identity.stat.size) > this.#config.maxFileSize) return this.#rememberLarge(rel, identity)
      const signature = await this.#signature(rel)
      const built = await this.#build(rel, identity, signature)
      if (built === 'too-large') return this.#rememberLarge(rel, identity)
      if (built !== 'changed') return this.#admit(built, identity)
    }
    // The file keeps changing under us: let the disk path stream whatever is there now.
    const identity = await lookupFile(this.#config.realRoot, rel)
    return identity.kind === 'file' ? { kind: 'disk', lookup: identity } : identity
  }

  async #build (rel: string, identity: FoundFile, signature: string): Promise<Entry | 'too-large' | 'changed'> {
    const policy = this.#config.policy
    const parts = signature.split('|')
    const body = await this.#readWhole(identity.realPath, parts[0] as string)
    if (typeof body === 'string') return body
    let variants: Entry['variants']
    let bytes = ENTRY_OVERHEAD + body.data.length
    for (const [i, encoding] of this.#siblings.entries()) {
      if (parts[i + 1] === '-') continue
      const sibling = await lookupFile(this.#config.realRoot, rel + ENCODING_EXTENSIONS[encoding])
      if (sibling.kind !== 'file') continue
      const read = await this.#readWhole(sibling.realPath, parts[i + 1] as string)
      if (typeof read === 'string') return read
      variants ??= {}
      variants[encoding] = buildRepresentation(rel, encoding, read.data, read.stats, policy)
      bytes += read.data.length
    }
    if (bytes > this.#config.maxBytes) return 'too-large'
    return {
      rel,
      identity: buildRepresentation(rel, undefined, body.data, body.stats, policy),
      variants,
      signature,
      bytes,
      checkedAt: Date.now(),
      revalidation: undefined
    }
  }

  /** Reads a whole file into one Buffer, refusing it if it changed (by stat) while being read. */
  async #readWhole (realPath: string, expected: string): Promise<{ data: Buffer, stats: FoundFile['stat'] } | 'too-large' | 'changed'> {
    let handle
    try {
      handle = await open(realPath, 'r')
    } catch {
      return 'changed'
    }
    try {
      const before = await handle.stat({ bigint: true })
      if (signatureOf(before) !== expected) return 'changed'
      if (Number(before.size) > this.#config.maxFileSize) return 'too-large'
      const data = await handle.readFile()
      const after = await handle.stat({ bigint: true })
      if (signatureOf(after) !== expected || data.length !== Number(after.size)) return 'changed'
      return { data, stats: after }
    } finally {
      await handle.close()
    }
  }

  #admit (entry: Entry, identity: FoundFile): Resolution {
    const existing = this.entries.get(entry.rel)
    // Loads of one path are deduplicated, so there is no entry to replace; kept so accounting can never drift.
    /* c8 ignore next */
    if (existing !== undefined) this.#remove(existing)
    for (const oldest of this.entries.values()) {
      if (this.#bytes + entry.bytes <= this.#config.maxBytes) break
      this.#remove(oldest)
      this.evictions++
    }
    /* c8 ignore next 2 */
    // Unreachable: #build refuses entries larger than maxBytes and the loop above freed enough; kept as a hard stop.
    if (this.#bytes + entry.bytes > this.#config.maxBytes) return { kind: 'disk', lookup: identity }
    this.entries.set(entry.rel, entry)
    this.#bytes += entry.bytes
    return { kind: 'entry', entry, read: true }
  }
}
