import { isUtf8Label, type Decode } from './charset.js'
import { GW_BODY_EMPTY_JSON, GW_BODY_UNSUPPORTED_CHARSET } from './errors.js'
import { parseForm } from './form.js'
import { parseJson } from './json.js'
import { ANY_TEXT, charsetOf, PLUS_JSON } from './media-type.js'
import type { ResolvedForm, ResolvedJson, ResolvedOptions, ResolvedText } from './options.js'
import { asBuffer, type Parse } from './receive.js'

/** A media type as Fastify matches it, and what its body becomes. */
export type MediaParser = [type: string | RegExp, parse: Parse]

/** The media types the options accept, each with what its bytes become. */
export function mediaParsers (options: ResolvedOptions, decode: Decode): MediaParser[] {
  const parsers: MediaParser[] = []
  if (options.json !== false) {
    const parse = jsonParse(options.json, decode)
    parsers.push(['application/json', parse], [PLUS_JSON, parse])
  }
  if (options.form !== false) parsers.push(['application/x-www-form-urlencoded', formParse(options.form, decode)])
  if (options.text !== false) parsers.push([ANY_TEXT, textParse(options.text, decode)])
  if (options.binary) parsers.push(['application/octet-stream', asBuffer])
  return parsers
}

function jsonParse (json: ResolvedJson, decode: Decode): Parse {
  return (request, bytes) => {
    if (bytes.length === 0) {
      if (json.emptyBody === 'undefined') return undefined
      throw new GW_BODY_EMPTY_JSON()
    }
    return parseJson(decode(bytes, charsetOf(request.headers['content-type']), true, 'JSON'), json.maxDepth, json.onProtoPoisoning)
  }
}

function formParse (form: ResolvedForm, decode: Decode): Parse {
  return (request, bytes) => {
    const charset = charsetOf(request.headers['content-type'])
    // WHATWG forms are UTF-8 only; a different declared charset would be silently misread.
    if (charset !== undefined && !isUtf8Label(charset)) throw new GW_BODY_UNSUPPORTED_CHARSET(charset.slice(0, 40), 'forms (UTF-8 only)')
    return parseForm(decode(bytes, undefined, true, 'forms'), form)
  }
}

function textParse (text: ResolvedText, decode: Decode): Parse {
  return (request, bytes) =>
    decode(bytes, charsetOf(request.headers['content-type']) ?? text.defaultCharset, text.strict, 'text')
}
