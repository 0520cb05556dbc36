import { isUtf8 } from 'node:buffer'
import { TextDecoder } from 'node:util'
import { GW_BODY_INVALID_BYTES, GW_BODY_UNSUPPORTED_CHARSET } from './errors.js'

export type Decode = (bytes: Buffer, charset: string | undefined, strict: boolean, what: string) => string

function isUtf8Label (label: string): boolean {
  return label === 'utf-8' || label === 'utf8' || label === 'unicode-1-1-utf-8'
}

/**
 * Builds a decoder with its own cache of TextDecoders (one per WHATWG label seen; the set of
 * valid labels is finite, unknown labels are never cached).
 * UTF-8 takes a faster path: Buffer#toString after a SIMD validity check.
 */
export function createDecoder (): Decode {
  const strictDecoders = new Map<string, TextDecoder>()
  const lenientDecoders = new Map<string, TextDecoder>()

  return function decode (bytes, charset, strict, what) {
    if (charset === undefined || isUtf8Label(charset)) {
      if (strict && !isUtf8(bytes)) throw new GW_BODY_INVALID_BYTES('utf-8')
      const text = bytes.toString('utf8')
      // TextDecoder drops a leading BOM; keep the fast path consistent with it.
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
    }
    const cache = strict ? strictDecoders : lenientDecoders
    let decoder = cache.get(charset)
    if (decoder === undefined) {
      try {
        decoder = new TextDecoder(charset, { fatal: strict })
      } catch {
        throw new GW_BODY_UNSUPPORTED_CHARSET(charset.slice(0, 40), what)
      }
      cache.set(charset, decoder)
    }
    try {
      return decoder.decode(bytes)
    } catch {
      throw new GW_BODY_INVALID_BYTES(decoder.encoding)
    }
  }
}
