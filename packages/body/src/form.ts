import { GW_BODY_INVALID_FORM, GW_BODY_PROTOTYPE_POISONING, GW_BODY_TOO_DEEP, GW_BODY_TOO_MANY_PARAMETERS } from './errors.js'
import type { ResolvedForm } from './options.js'

/** A parsed form: null-prototype objects whose values are strings, arrays of strings or (nested mode) forms. */
export interface FormBody { [key: string]: string | string[] | FormBody }

const PLUS = /\+/g

// Objects built from a constructor whose prototype has a null prototype inherit nothing, yet
// stay in V8's fast mode (a bare null-prototype object starts in dictionary mode, slower to
// fill and to serialize). The same trick fast-querystring uses.
function EmptyForm (): void {}
EmptyForm.prototype = Object.create(null)
const FormObject = EmptyForm as unknown as new () => FormBody

function decodeComponent (raw: string): string {
  if (raw.indexOf('+') !== -1) raw = raw.replace(PLUS, ' ')
  if (raw.indexOf('%') === -1) return raw
  try {
    return decodeURIComponent(raw)
  } catch {
    throw new GW_BODY_INVALID_FORM('malformed percent-encoding')
  }
}

function isForbiddenKey (key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype'
}

/**
 * Parses `application/x-www-form-urlencoded` text (WHATWG rules: `&` separates pairs,
 * `+` is a space, percent-escapes are UTF-8). Repeated keys collect into arrays.
 */
export function parseForm (text: string, options: ResolvedForm): FormBody {
  const result = new FormObject()
  const length = text.length
  let parameters = 0
  let equals = text.indexOf('=')
  let start = 0
  while (start < length) {
    let end = text.indexOf('&', start)
    if (end === -1) end = length
    if (end > start) {
      if (++parameters > options.parameterLimit) throw new GW_BODY_TOO_MANY_PARAMETERS(options.parameterLimit)
      // One forward-moving search for `=` keeps `a&a&a...` linear.
      if (equals !== -1 && equals < start) equals = text.indexOf('=', start)
      const split = equals !== -1 && equals < end ? equals : end
      const key = decodeComponent(text.slice(start, split))
      const value = split === end ? '' : decodeComponent(text.slice(split + 1, end))
      if (options.nested && key.indexOf('[') > 0) {
        assignNested(result, key, value, options)
      } else if (isForbiddenKey(key)) {
        if (options.onProtoPoisoning === 'error') throw new GW_BODY_PROTOTYPE_POISONING(key)
      } else {
        assign(result, key, value)
      }
    }
    start = end + 1
  }
  return result
}

function assign (target: FormBody, key: string, value: string): void {
  const existing = target[key]
  if (existing === undefined) {
    target[key] = value
  } else if (typeof existing === 'string') {
    target[key] = [existing, value]
  } else if (Array.isArray(existing)) {
    existing.push(value)
  } else {
    throw new GW_BODY_INVALID_FORM(`key "${truncate(key)}" is both a value and an object`)
  }
}

function truncate (key: string): string {
  return key.length > 40 ? key.slice(0, 40) + '...' : key
}

/** Splits `a[b][c]` into `['a', 'b', 'c']`; undefined when the key is not in bracket form (it then stays literal). */
function splitKey (key: string): string[] | undefined {
  const open = key.indexOf('[')
  const segments = [key.slice(0, open)]
  let i = open
  while (i < key.length) {
    if (key.charCodeAt(i) !== 0x5b) return undefined
    const close = key.indexOf(']', i + 1)
    if (close === -1) return undefined
    const segment = key.slice(i + 1, close)
    if (segment.indexOf('[') !== -1) return undefined
    segments.push(segment)
    i = close + 1
  }
  return segments
}

function assignNested (result: FormBody, key: string, value: string, options: ResolvedForm): void {
  const segments = splitKey(key)
  // Not in bracket form (e.g. `a[b`): the key stays literal. It contains `[`, so it is never a forbidden key.
  if (segments === undefined) {
    assign(result, key, value)
    return
  }
  if (segments.length - 1 > options.maxDepth) throw new GW_BODY_TOO_DEEP('Form', options.maxDepth)
  for (const segment of segments) {
    if (isForbiddenKey(segment)) {
      if (options.onProtoPoisoning === 'error') throw new GW_BODY_PROTOTYPE_POISONING(segment)
      return
    }
  }
  const append = segments[segments.length - 1] === ''
  if (append) segments.pop()
  let target = result
  const last = segments.length - 1
  for (let s = 0; s < last; s++) {
    const segment = segments[s] as string
    if (segment === '') throw misplacedAppend()
    const existing = target[segment]
    if (existing === undefined) {
      const child = new FormObject()
      target[segment] = child
      target = child
    } else if (typeof existing === 'object' && !Array.isArray(existing)) {
      target = existing
    } else {
      throw new GW_BODY_INVALID_FORM(`key "${truncate(segment)}" is both a value and an object`)
    }
  }
  const leaf = segments[last] as string
  if (leaf === '') throw misplacedAppend()
  if (append && target[leaf] === undefined) target[leaf] = [value]
  else assign(target, leaf, value)
}

function misplacedAppend (): Error {
  return new GW_BODY_INVALID_FORM('"[]" is only allowed at the end of a key')
}
