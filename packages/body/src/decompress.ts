import zlib from 'node:zlib'
import type { Transform } from 'node:stream'

type Inflater = () => Transform

const zstd = (zlib as unknown as { createZstdDecompress?: Inflater }).createZstdDecompress

/** Content-Encoding tokens this Node can inflate (zstd only where node:zlib has it: Node >= 22.15). */
export const SUPPORTED_ENCODINGS: ReadonlyMap<string, Inflater> = new Map<string, Inflater>([
  ['gzip', () => zlib.createGunzip()],
  ['x-gzip', () => zlib.createGunzip()],
  ['deflate', () => zlib.createInflate()],
  ['br', () => zlib.createBrotliDecompress()],
  /* c8 ignore next -- depends on the Node version running the tests */
  ...(typeof zstd === 'function' ? [['zstd', () => zstd()] as [string, Inflater]] : [])
])

/** The accepted Content-Encoding values, for 415 messages and the README. */
export const ACCEPTED_ENCODINGS: readonly string[] = Object.freeze(['identity', ...SUPPORTED_ENCODINGS.keys()])

/**
 * Returns the inflater for a Content-Encoding header value, `null` for identity, or
 * undefined when the encoding is unknown. Only a single coding is supported.
 */
export function inflaterFor (contentEncoding: string): Inflater | null | undefined {
  const coding = contentEncoding.trim().toLowerCase()
  if (coding === 'identity' || coding === '') return null
  return SUPPORTED_ENCODINGS.get(coding)
}
