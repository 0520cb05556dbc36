import type { ResolvedOptions } from './options.js'

/** The media types the plugin accepts with its default options, in the order used in 415 messages. */
export const DEFAULT_ACCEPTED_MEDIA_TYPES: readonly string[] = Object.freeze([
  'application/json',
  'application/*+json',
  'application/x-www-form-urlencoded',
  'text/*',
  'application/octet-stream'
])

/** Matches the normalized Content-Type Fastify hands to parsers, e.g. `application/merge-patch+json; charset="utf-8"`. */
export const PLUS_JSON = /^application\/[\w!#$%&'*.^`|~-]+\+json(?:;|$)/
export const ANY_TEXT = /^text\/[\w!#$%&'*+.^`|~-]+(?:;|$)/

// RFC 9110 §5.6.6: `;` OWS token "=" ( token / quoted-string ). Fastify has already checked the
// type/subtype; this only pulls parameters out of what follows.
const PARAMETER = /;\s*([\w!#$%&'*+.^`|~-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[\w!#$%&'*+.^`|~-]*)/g

/**
 * Returns the lower-cased `charset` parameter of a Content-Type header, or undefined.
 * The common header without parameters costs one indexOf.
 */
export function charsetOf (contentType: string | undefined): string | undefined {
  if (contentType === undefined || contentType.indexOf(';') === -1) return undefined
  let charset: string | undefined
  for (const match of contentType.matchAll(PARAMETER)) {
    if ((match[1] as string).toLowerCase() === 'charset') {
      const value = match[2] as string
      charset = value.charCodeAt(0) === 0x22 ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value
    }
  }
  return charset?.trim().toLowerCase()
}

/** The media types the resolved options accept, in the order 415 messages list them. */
export function acceptedTypes (options: Pick<ResolvedOptions, 'json' | 'form' | 'text' | 'binary'>): string[] {
  return DEFAULT_ACCEPTED_MEDIA_TYPES.filter(type => {
    if (type.endsWith('json')) return options.json !== false
    if (type.endsWith('urlencoded')) return options.form !== false
    if (type.startsWith('text/')) return options.text !== false
    return options.binary
  })
}
