import { statSync, realpathSync } from 'node:fs'
import path from 'node:path'
import { compileOptions, describeProblems, type OptionProblem } from '@groundwork/shared'
import Type, { type Static, type TObject } from 'typebox'
import { GW_STATIC_INVALID_OPTION } from './errors.js'
import { DEFAULT_IMMUTABLE_PATTERN } from './cache-policy.js'

export const DEFAULT_HOT_CACHE = Object.freeze({
  maxFileSize: 256 * 1024,
  maxBytes: 64 * 1024 * 1024,
  revalidateMs: 1000
})

export const DEFAULT_SPA = Object.freeze({ index: 'index.html', apiPrefixes: ['/api'] })

// Characters that would make the prefix a route pattern or an ambiguous URL.
const BAD_PREFIX_CHARACTERS = /[*:?#%\\\s]/

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp)
}

/** What is wrong with a file name relative to root, or undefined when it is one. */
function relativeFileProblem (value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty file name'
  const segments = value.split('/')
  if (value.includes('\\') || value.includes('\0') || segments.some(s => s === '' || s === '.' || s === '..')) {
    return 'must be a relative path inside root without "." or ".." segments'
  }
  return undefined
}

// Values JSON Schema cannot describe (a RegExp, `false` or a section) are checked with Refine over an unconstrained
// schema: one problem that says what is expected, where a union would list every branch it failed.

function relativeFile<T> (description: string, allowFalse: boolean) {
  return Type.Refine(
    Type.Unsafe<T>({ description }),
    value => (allowFalse && value === false) || relativeFileProblem(value) === undefined,
    value => relativeFileProblem(value) as string
  )
}

/**
 * A section that is an object of options or a boolean (on with its defaults, or off). Its keys are checked like the
 * top level's (`properties` and `additionalProperties` apply to objects only); anything else is one problem.
 */
function sectionOrBoolean<Section extends TObject> (section: Section, description: string) {
  return Type.Refine(
    Type.Unsafe<Static<Section> | boolean>({ description, properties: section.properties, additionalProperties: false }),
    value => typeof value === 'boolean' || isPlainObject(value),
    () => 'must be a boolean or an object'
  )
}

const count = (minimum: number, description: string) =>
  Type.Integer({ minimum, maximum: Number.MAX_SAFE_INTEGER, description })

export const SpaOptionsSchema = Type.Object({
  index: Type.Optional(relativeFile<string>("file served for unknown HTML navigations, relative to root; default 'index.html'", false)),
  apiPrefixes: Type.Optional(Type.Array(
    Type.Refine(Type.String(), value => value.startsWith('/'), () => 'must be a URL path starting with /'),
    { description: "URL prefixes never answered with the SPA index; default ['/api']" }
  ))
}, { additionalProperties: false })

export const HotCacheOptionsSchema = Type.Object({
  maxFileSize: Type.Optional(count(1, 'largest file (bytes, each representation) kept in memory; default 256 KiB')),
  maxBytes: Type.Optional(count(1, 'memory budget of all cached representations plus a per-entry overhead; default 64 MiB')),
  // Not a timer (it is compared with Date.now()), so not bounded by TIMER_MAX: a huge value means "never re-check".
  revalidateMs: Type.Optional(count(0, 'a cached file older than this (ms) is re-checked with stat(); 0 re-checks every request; default 1000'))
}, { additionalProperties: false })

/** The plugin's options. Fastify's own register options (`logLevel`, `logSerializers`) are allowed too. */
export const StaticOptionsSchema = Type.Object({
  root: Type.Refine(
    Type.String({ description: 'absolute path of an existing directory' }),
    value => path.isAbsolute(value),
    () => 'must be an absolute path'
  ),
  // Checked beside the schema (prefixProblems): compileOptions leaves Fastify's register keys out, and this option
  // has the name of one (fastify-plugin ignores Fastify's, so this one is the plugin's own).
  prefix: Type.Optional(Type.String({ description: "URL prefix the files are served under; default '/'" })),
  index: Type.Optional(relativeFile<string | false>("file served for a path that ends with /, or false; default 'index.html'", true)),
  maxAge: Type.Optional(count(0, 'max-age (seconds) for files that are neither fingerprinted nor HTML; default 0')),
  immutablePattern: Type.Optional(Type.Refine(
    Type.Unsafe<RegExp | false>({ description: 'basenames matching it get public, max-age=31536000, immutable; false disables it' }),
    value => value === false || (value instanceof RegExp && !value.global && !value.sticky),
    () => 'must be a RegExp without the g or y flag, or false'
  )),
  spa: Type.Optional(sectionOrBoolean(SpaOptionsSchema, 'SPA fallback (opt-in); true uses the defaults')),
  hotCache: Type.Optional(sectionOrBoolean(HotCacheOptionsSchema, 'in-memory cache of small files (on by default); false disables it')),
  precompressed: Type.Optional(Type.Boolean({ description: 'serve .br, .zst and .gz siblings according to Accept-Encoding; default true' }))
}, { additionalProperties: false })

export type SpaOptions = Static<typeof SpaOptionsSchema>
export type HotCacheOptions = Static<typeof HotCacheOptionsSchema>
export type StaticOptions = Static<typeof StaticOptionsSchema>

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

const staticOptions = compileOptions(StaticOptionsSchema)

function prefixProblems (prefix: unknown): OptionProblem[] {
  if (prefix === undefined) return []
  if (typeof prefix === 'string' && prefix.startsWith('/') && !BAD_PREFIX_CHARACTERS.test(prefix) &&
    !prefix.split('/').some(s => s === '.' || s === '..') && !prefix.includes('//')) {
    return []
  }
  return [{ path: 'prefix', message: 'must be a URL path starting with "/" without wildcards, parameters or dot segments' }]
}

/** The file system's say on root, once its shape is right: it must be an existing directory. */
function rootProblems (root: string): OptionProblem[] {
  let isDirectory: boolean
  try {
    isDirectory = statSync(root).isDirectory()
  } catch {
    return [{ path: 'root', message: `must be an existing directory (${root} does not exist)` }]
  }
  return isDirectory ? [] : [{ path: 'root', message: `must be an existing directory (${root} is not a directory)` }]
}

/**
 * Checks the options against the schema and the rules beside it (the prefix, and root on disk), every problem in one
 * GW_STATIC_INVALID_OPTION, then fills in the defaults once. Nothing is registered before this returns.
 */
export function resolveOptions (opts: unknown): ResolvedOptions {
  const problems = staticOptions.problems(opts)
  if (isPlainObject(opts)) {
    problems.push(...prefixProblems(opts.prefix))
    if (typeof opts.root === 'string' && path.isAbsolute(opts.root)) problems.push(...rootProblems(opts.root))
  }
  if (problems.length > 0) throw new GW_STATIC_INVALID_OPTION(describeProblems(problems))
  return withDefaults(opts as StaticOptions)
}

function withDefaults (o: StaticOptions): ResolvedOptions {
  const prefix = o.prefix ?? '/'
  return {
    root: path.resolve(o.root),
    realRoot: realpathSync(o.root),
    prefix: prefix.endsWith('/') ? prefix : prefix + '/',
    index: o.index ?? 'index.html',
    maxAge: o.maxAge ?? 0,
    immutablePattern: o.immutablePattern ?? DEFAULT_IMMUTABLE_PATTERN,
    spa: spaWithDefaults(o.spa),
    hotCache: hotCacheWithDefaults(o.hotCache),
    precompressed: o.precompressed ?? true
  }
}

function spaWithDefaults (spa: StaticOptions['spa']): ResolvedOptions['spa'] {
  if (spa === undefined || spa === false) return false
  const given = spa === true ? {} : spa
  return { index: given.index ?? DEFAULT_SPA.index, apiPrefixes: given.apiPrefixes ?? [...DEFAULT_SPA.apiPrefixes] }
}

function hotCacheWithDefaults (hotCache: StaticOptions['hotCache']): ResolvedOptions['hotCache'] {
  if (hotCache === false) return false
  const given = hotCache === undefined || hotCache === true ? {} : hotCache
  return {
    maxFileSize: given.maxFileSize ?? DEFAULT_HOT_CACHE.maxFileSize,
    maxBytes: given.maxBytes ?? DEFAULT_HOT_CACHE.maxBytes,
    revalidateMs: given.revalidateMs ?? DEFAULT_HOT_CACHE.revalidateMs
  }
}
