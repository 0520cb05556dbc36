/**
 * A fingerprint is a dot- or dash-delimited token of at least 8 hex/base64url characters that contains both a digit
 * and a letter, followed by the extension(s): `app.3f9a1c2b.js`, `index-BdF3kL9a.js`, `chunk.0a1b2c3d.min.css`.
 * Requiring a digit and a letter keeps ordinary words (`app.component.js`) from being cached forever.
 */
export const DEFAULT_IMMUTABLE_PATTERN = /[.-](?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{8,}(?:\.[A-Za-z0-9]+)+$/

export const IMMUTABLE = 'public, max-age=31536000, immutable'
export const NO_CACHE = 'no-cache'

export interface CachePolicy {
  immutablePattern: RegExp | false
  maxAge: number
}

/** Cache-Control for a file, decided by its basename and content type. */
export function cacheControlFor (basename: string, contentType: string, policy: CachePolicy): string {
  if (policy.immutablePattern !== false && policy.immutablePattern.test(basename)) return IMMUTABLE
  if (contentType.startsWith('text/html')) return NO_CACHE
  return `public, max-age=${policy.maxAge}`
}
