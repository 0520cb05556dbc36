import { realpath, stat } from 'node:fs/promises'
import type { BigIntStats } from 'node:fs'
import path from 'node:path'

/**
 * Where a relative path leads inside the root. Symlinks are resolved and must stay inside the real root; anything
 * that is not a regular file or a directory, cannot be resolved, or escapes the root counts as missing.
 */
export type Lookup =
  | { kind: 'file', realPath: string, stat: BigIntStats }
  | { kind: 'directory' }
  | { kind: 'missing' }

/** A lookup that found a regular file inside the root. */
export type FoundFile = Extract<Lookup, { kind: 'file' }>

const MISSING: Lookup = Object.freeze({ kind: 'missing' })
const DIRECTORY: Lookup = Object.freeze({ kind: 'directory' })

export function isInside (realRoot: string, candidate: string): boolean {
  return candidate.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep)
}

export async function lookupFile (realRoot: string, rel: string): Promise<Lookup> {
  const requested = path.join(realRoot, rel)
  // rel comes from parseRelativePath and has no dot segments; this guard is defence in depth.
  /* c8 ignore next */
  if (!isInside(realRoot, requested) && requested !== realRoot) return MISSING
  let realPath: string
  let stats: BigIntStats
  try {
    realPath = await realpath(requested)
    stats = await stat(realPath, { bigint: true })
  } catch {
    return MISSING
  }
  if (realPath !== realRoot && !isInside(realRoot, realPath)) return MISSING
  if (stats.isDirectory()) return DIRECTORY
  if (!stats.isFile()) return MISSING
  return { kind: 'file', realPath, stat: stats }
}

/** Identity of a file's content as far as stat can tell; '-' when there is no regular file. */
export function signatureOf (stats: BigIntStats | undefined): string {
  if (stats === undefined || !stats.isFile()) return '-'
  return `${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`
}

/** Signature of the file at rel (following symlinks), for cheap revalidation. */
export async function statSignature (realRoot: string, rel: string): Promise<string> {
  try {
    return signatureOf(await stat(path.join(realRoot, rel), { bigint: true }))
  } catch {
    return '-'
  }
}
