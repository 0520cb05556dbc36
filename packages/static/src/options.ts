import { statSync, realpathSync } from 'node:fs'
import path from 'node:path'
import { GW_STATIC_INVALID_OPTION } from './errors.js'
import { DEFAULT_IMMUTABLE_PATTERN } from './cache-policy.js'

export interface SpaOptions {
  /** File served for unknown HTML navigations, relative to `root`. Default `'index.html'`. */
  index?: string
  /** URL prefixes that are never answered with the SPA index (they fall through to 404/405). Default `['/api']`. */
  apiPrefixes?: string[]
}

export interface HotCacheOptions {
  /** Largest file (bytes, each representation) kept in memory. Default 256 KiB. */
  maxFileSize?: number
  /** Memory budget for all cached representations plus a fixed per-entry overhead. Default 64 MiB. */
  maxBytes?: number
  /** A cached file is re-checked with stat() when it is older than this (ms). Default 1000. 0 re-checks every request. */
  revalidateMs?: number
}

export interface StaticOptions {
  /** Absolute path of an existing directory. */
  root: string
  /** URL prefix the files are served under. Default `'/'`. */
  prefix?: string
  /** File served for a path that ends with `/`, or `false`. Default `'index.html'`. */
  index?: string | false
  /** `max-age` (seconds) for files that are neither fingerprinted nor HTML. Default 0. */
  maxAge?: number
  /** Basenames matching this pattern get `public, max-age=31536000, immutable`, or `false` to disable. */
  immutablePattern?: RegExp | false
  /** SPA fallback (opt-in). `true` uses the defaults. */
  spa?: boolean | SpaOptions
  /** In-memory cache of small files (on by default). `false` disables it. */
  hotCache?: boolean | HotCacheOptions
  /** Serve `.br`, `.zst` and `.gz` siblings according to Accept-Encoding. Default `true`. */
  precompressed?: boolean
}

export interface ResolvedOptions {
  root: string
  realRoot: string
  prefix: string
  index: string | false
  maxAge: number
  immutablePattern: RegExp | false
  spa: false | { index: string, apiPrefixes: string[] }
  hotCache: false | { maxFileSize: number, maxBytes: number, revalidateMs: number }
  precompressed: boolean
}

export const DEFAULT_HOT_CACHE = Object.freeze({
  maxFileSize: 256 * 1024,
  maxBytes: 64 * 1024 * 1024,
  revalidateMs: 1000
})

export const DEFAULT_SPA = Object.freeze({ index: 'index.html', apiPrefixes: ['/api'] })

const KNOWN_OPTIONS = new Set(['root', 'prefix', 'index', 'maxAge', 'immutablePattern', 'spa', 'hotCache', 'precompressed'])
const KNOWN_SPA_OPTIONS = new Set(['index', 'apiPrefixes'])
const KNOWN_HOT_CACHE_OPTIONS = new Set(['maxFileSize', 'maxBytes', 'revalidateMs'])
// Characters that would make the prefix a route pattern or an ambiguous URL.
const BAD_PREFIX_CHARACTERS = /[*:?#%\\\s]/

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp)
}

function rejectUnknownKeys (value: Record<string, unknown>, known: Set<string>, where: string): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw new GW_STATIC_INVALID_OPTION(where + key, 'is not a known option')
  }
}

function nonNegativeInteger (value: unknown, name: string, fallback: number, allowZero: boolean): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new GW_STATIC_INVALID_OPTION(name, allowZero ? 'must be a non-negative integer' : 'must be a positive integer')
  }
  return value
}

function relativeFile (value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new GW_STATIC_INVALID_OPTION(name, 'must be a non-empty file name')
  }
  const segments = value.split('/')
  if (value.includes('\\') || value.includes('\0') || segments.some(s => s === '' || s === '.' || s === '..')) {
    throw new GW_STATIC_INVALID_OPTION(name, 'must be a relative path inside root without "." or ".." segments')
  }
  return value
}

function resolveRoot (root: unknown): { root: string, realRoot: string } {
  if (typeof root !== 'string' || root.length === 0 || !path.isAbsolute(root)) {
    throw new GW_STATIC_INVALID_OPTION('root', 'must be an absolute path')
  }
  let isDirectory: boolean
  try {
    isDirectory = statSync(root).isDirectory()
  } catch {
    throw new GW_STATIC_INVALID_OPTION('root', `${root} does not exist`)
  }
  if (!isDirectory) throw new GW_STATIC_INVALID_OPTION('root', `${root} is not a directory`)
  return { root: path.resolve(root), realRoot: realpathSync(root) }
}

function resolvePrefix (prefix: unknown): string {
  if (prefix === undefined) return '/'
  if (typeof prefix !== 'string' || !prefix.startsWith('/') || BAD_PREFIX_CHARACTERS.test(prefix) ||
    prefix.split('/').some(s => s === '.' || s === '..') || prefix.includes('//')) {
    throw new GW_STATIC_INVALID_OPTION('prefix', 'must be a URL path starting with "/" without wildcards, parameters or dot segments')
  }
  return prefix.endsWith('/') ? prefix : prefix + '/'
}

function resolveImmutablePattern (value: unknown): RegExp | false {
  if (value === undefined) return DEFAULT_IMMUTABLE_PATTERN
  if (value === false) return false
  if (!(value instanceof RegExp) || value.global || value.sticky) {
    throw new GW_STATIC_INVALID_OPTION('immutablePattern', 'must be a RegExp without the g or y flag, or false')
  }
  return value
}

function resolveSpa (value: unknown): ResolvedOptions['spa'] {
  if (value === undefined || value === false) return false
  if (value === true) return { index: DEFAULT_SPA.index, apiPrefixes: [...DEFAULT_SPA.apiPrefixes] }
  if (!isPlainObject(value)) throw new GW_STATIC_INVALID_OPTION('spa', 'must be a boolean or an object')
  rejectUnknownKeys(value, KNOWN_SPA_OPTIONS, 'spa.')
  const index = value.index === undefined ? DEFAULT_SPA.index : relativeFile(value.index, 'spa.index')
  const apiPrefixes = value.apiPrefixes === undefined ? [...DEFAULT_SPA.apiPrefixes] : value.apiPrefixes
  if (!Array.isArray(apiPrefixes) || !apiPrefixes.every(p => typeof p === 'string' && p.startsWith('/'))) {
    throw new GW_STATIC_INVALID_OPTION('spa.apiPrefixes', 'must be an array of URL paths starting with "/"')
  }
  return { index, apiPrefixes: apiPrefixes as string[] }
}

function resolveHotCache (value: unknown): ResolvedOptions['hotCache'] {
  if (value === false) return false
  if (value === undefined || value === true) return { ...DEFAULT_HOT_CACHE }
  if (!isPlainObject(value)) throw new GW_STATIC_INVALID_OPTION('hotCache', 'must be a boolean or an object')
  rejectUnknownKeys(value, KNOWN_HOT_CACHE_OPTIONS, 'hotCache.')
  return {
    maxFileSize: nonNegativeInteger(value.maxFileSize, 'hotCache.maxFileSize', DEFAULT_HOT_CACHE.maxFileSize, false),
    maxBytes: nonNegativeInteger(value.maxBytes, 'hotCache.maxBytes', DEFAULT_HOT_CACHE.maxBytes, false),
    revalidateMs: nonNegativeInteger(value.revalidateMs, 'hotCache.revalidateMs', DEFAULT_HOT_CACHE.revalidateMs, true)
  }
}

/** Validates user options and merges the defaults once. Throws GW_STATIC_INVALID_OPTION. */
export function resolveOptions (opts: unknown): ResolvedOptions {
  if (!isPlainObject(opts)) throw new GW_STATIC_INVALID_OPTION('options', 'must be an object')
  rejectUnknownKeys(opts, KNOWN_OPTIONS, '')
  const { root, realRoot } = resolveRoot(opts.root)
  if (opts.precompressed !== undefined && typeof opts.precompressed !== 'boolean') {
    throw new GW_STATIC_INVALID_OPTION('precompressed', 'must be a boolean')
  }
  return {
    root,
    realRoot,
    prefix: resolvePrefix(opts.prefix),
    index: opts.index === false ? false : opts.index === undefined ? 'index.html' : relativeFile(opts.index, 'index'),
    maxAge: nonNegativeInteger(opts.maxAge, 'maxAge', 0, true),
    immutablePattern: resolveImmutablePattern(opts.immutablePattern),
    spa: resolveSpa(opts.spa),
    hotCache: resolveHotCache(opts.hotCache),
    precompressed: opts.precompressed ?? true
  }
}
