import { isUtf8 } from 'node:buffer'
import { TextDecoder } from 'node:util'
import { GW_BODY_INVALID_BYTES, GW_BODY_UNSUPPORTED_CHARSET } from './errors.js'

// WHATWG maps latin1, iso-8859-1, ascii and windows-1252 labels all to windows-1252, whose
// 0x80-0x9F range differs from latin1. Some Node versions decode it as plain latin1
// (nodejs/node#56542), so that range is mapped here.
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178
].map(code => String.fromCharCode(code))
const C1_RANGE = /[\x80-\x9f]/g

function decodeWindows1252 (bytes: Buffer): string {
  const text = bytes.toString('latin1')
  return text.replace(C1_RANGE, c => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80] as string)
}

type Decoder = (bytes: Buffer) => string

export type Decode = (bytes: Buffer, charset: string | undefined, strict: boolean, what: string) => string

export function isUtf8Label (label: string): boolean {
  return label === 'utf-8' || label === 'utf8' || label === 'unicode-1-1-utf-8'
}

/**
 * Builds a decoder with its own cache of TextDecoders (one per WHATWG label seen; the set of
 * valid labels is finite, unknown labels are never cached).
 * UTF-8 takes a faster path: Buffer#toString after a SIMD validity check.
 */
export function createDecoder (): Decode {
  const strictDecoders = new Map<string, Decoder>()
  const lenientDecoders = new Map<string, Decoder>()

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
      let textDecoder: TextDecoder
      try {
        textDecoder = new TextDecoder(charset, { fatal: strict })
      } catch {
        throw new GW_BODY_UNSUPPORTED_CHARSET(charset.slice(0, 40), what)
      }
      const encoding = textDecoder.encoding
      // windows-1252 maps every byte, so it can never be invalid.
      decoder = encoding === 'windows-1252'
        ? decodeWindows1252
        : (bytes) => {
            try {
              return textDecoder.decode(bytes)
            } catch {
              throw new GW_BODY_INVALID_BYTES(encoding)
            }
          }
      cache.set(charset, decoder)
    }
    return decoder(bytes)
  }
}
