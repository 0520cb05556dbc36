/**
 * Turns the part of a request URL after the static prefix into a relative file path that cannot leave the root.
 *
 * The path is decoded exactly once. Anything that could be read as a separator or a parent reference after any
 * number of decodings by anyone downstream is refused instead of being normalised: a normalising server is one
 * decoding bug away from a traversal.
 */
export type PathResult =
  | { kind: 'file', rel: string, directory: boolean, dotfile: boolean }
  | { kind: 'bad' }
  | { kind: 'forbidden' }

const BAD: PathResult = Object.freeze({ kind: 'bad' })
const FORBIDDEN: PathResult = Object.freeze({ kind: 'forbidden' })
// C0 controls, DEL and the backslash (a separator on Windows and to some proxies), checked after decoding.
// eslint-disable-next-line no-control-regex
const UNSAFE_DECODED = /[\u0000-\u001f\u007f\\]/
// A raw path that needs no decoding and has no dot-led or empty segment: the hot path.
// eslint-disable-next-line no-control-regex
const NEEDS_SLOW_PATH = /[%\\\u0000-\u001f\u007f]|\/\.|\/\/|^\.|^\/|\/$|^$/

/**
 * The common case, answered without allocation beyond the slice: returns the relative path when the raw path is
 * already canonical (no percent sign, no dot-led, empty or trailing segment), otherwise undefined.
 */
export function fastRelativePath (rawPath: string): string | undefined {
  return NEEDS_SLOW_PATH.test(rawPath) ? undefined : rawPath
}

/** Full parse of the raw (still percent-encoded) path that follows the prefix, without query string. */
export function parseRelativePath (rawPath: string): PathResult {
  let decoded: string
  try {
    // decodeURIComponent rejects malformed escapes and overlong or otherwise invalid UTF-8 sequences.
    decoded = decodeURIComponent(rawPath)
  } catch {
    return BAD
  }
  if (UNSAFE_DECODED.test(decoded)) return BAD
  // A decoded "%" means the client encoded twice (%252e). We decode once; the literal name is looked up as is, but
  // an encoded separator or dot inside it would be a traversal for anyone who decodes again, so refuse those.
  if (/%(?:2e|2f|5c|00)/i.test(decoded)) return FORBIDDEN
  let directory = false
  let body = decoded
  if (body.length === 0 || body.endsWith('/')) {
    directory = true
    body = body.slice(0, -1)
  }
  let dotfile = false
  if (body.length > 0) {
    const segments = body.split('/')
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i] as string
      if (segment === '' || segment === '.' || segment === '..') return FORBIDDEN
      // Only /.well-known/ (RFC 8615) may contain a dot-led first segment; dot-led names below it stay hidden.
      if (segment.startsWith('.') && !(i === 0 && segment === '.well-known')) dotfile = true
    }
  }
  return { kind: 'file', rel: body, directory, dotfile }
}
