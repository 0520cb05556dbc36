import { GW_BODY_INVALID_JSON, GW_BODY_PROTOTYPE_POISONING, GW_BODY_TOO_DEEP } from './errors.js'
import type { PoisoningAction } from './options.js'

// The same screens secure-json-parse (and so Fastify) uses: a key written with or without \u escapes.
export const SUSPECT_PROTO = /"(?:_|\\u005[Ff])(?:_|\\u005[Ff])(?:p|\\u0070)(?:r|\\u0072)(?:o|\\u006[Ff])(?:t|\\u0074)(?:o|\\u006[Ff])(?:_|\\u005[Ff])(?:_|\\u005[Ff])"\s*:/
export const SUSPECT_CONSTRUCTOR = /"(?:c|\\u0063)(?:o|\\u006[Ff])(?:n|\\u006[Ee])(?:s|\\u0073)(?:t|\\u0074)(?:r|\\u0072)(?:u|\\u0075)(?:c|\\u0063)(?:t|\\u0074)(?:o|\\u006[Ff])(?:r|\\u0072)"\s*:/

/**
 * Parses JSON text. V8's JSON.parse does not recurse, but everything downstream does
 * (serializers, validators, user code), so nesting is bounded before parsing.
 */
export function parseJson (text: string, maxDepth: number, onProtoPoisoning: PoisoningAction): unknown {
  if (!depthWithin(text, maxDepth)) throw new GW_BODY_TOO_DEEP('JSON', maxDepth)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new GW_BODY_INVALID_JSON(describeJsonError(text))
  }
  if (value !== null && typeof value === 'object' && mayPoison(text)) {
    scrub(value, onProtoPoisoning)
  }
  return value
}

/**
 * The screens, run only when they can match: a suspect key is spelled out or uses \u escapes. Three substring
 * searches cost a fraction of the two regular expressions, which most bodies never need.
 */
export function mayPoison (text: string): boolean {
  if (!text.includes('\\u') && !text.includes('__proto__') && !text.includes('constructor')) return false
  return SUSPECT_PROTO.test(text) || SUSPECT_CONSTRUCTOR.test(text)
}

/**
 * Nesting can't exceed the number of `{` and `[` in the text, and counting them with indexOf
 * is cheap; only bodies with more brackets than the limit pay for the exact scan.
 */
export function depthWithin (text: string, maxDepth: number): boolean {
  let brackets = 0
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) {
    if (++brackets > maxDepth) return exactDepth(text) <= maxDepth
  }
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) {
    if (++brackets > maxDepth) return exactDepth(text) <= maxDepth
  }
  return true
}

/** Deepest bracket nesting outside strings. Malformed text is fine: JSON.parse rejects it next. */
export function exactDepth (text: string): number {
  let depth = 0
  let max = 0
  const length = text.length
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i)
    if (code === 0x22) {
      // Skip the string, honouring backslash escapes.
      for (i++; i < length; i++) {
        const c = text.charCodeAt(i)
        if (c === 0x5c) i++
        else if (c === 0x22) break
      }
    } else if (code === 0x7b || code === 0x5b) {
      if (++depth > max) max = depth
    } else if (code === 0x7d || code === 0x5d) {
      depth--
    }
  }
  return max
}

function scrub (root: object, action: PoisoningAction): void {
  // Iterative on purpose: depth is already bounded, but a stack needs no such argument.
  const pending: object[] = [root]
  while (pending.length > 0) {
    const node = pending.pop() as Record<string, unknown>
    if (Object.hasOwn(node, '__proto__')) {
      if (action === 'error') throw new GW_BODY_PROTOTYPE_POISONING('__proto__')
      Reflect.deleteProperty(node, '__proto__')
    }
    const ctor = Object.hasOwn(node, 'constructor') ? node.constructor : undefined
    if (ctor !== null && typeof ctor === 'object' && Object.hasOwn(ctor, 'prototype')) {
      if (action === 'error') throw new GW_BODY_PROTOTYPE_POISONING('constructor.prototype')
      Reflect.deleteProperty(node, 'constructor')
    }
    for (const key in node) {
      const child = node[key]
      if (child !== null && typeof child === 'object') pending.push(child)
    }
  }
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d])

/**
 * Finds where JSON text first goes wrong, since V8's messages sometimes quote the input
 * instead of giving a position. Runs only on the error path; iterative, so any depth is fine.
 */
export function describeJsonError (text: string): string {
  const position = locateJsonError(text)
  return position >= text.length
    ? `unexpected end of input at position ${text.length}`
    : `unexpected character at position ${position}`
}

export function locateJsonError (text: string): number {
  const length = text.length
  const containers: number[] = [] // 0 = array, 1 = object
  let i = 0
  const skipWhitespace = (): void => {
    while (i < length && WHITESPACE.has(text.charCodeAt(i))) i++
  }
  const scanString = (): boolean => {
    i++
    while (i < length) {
      const c = text.charCodeAt(i)
      if (c === 0x22) { i++; return true }
      if (c < 0x20) return false
      if (c === 0x5c) {
        const e = text.charCodeAt(i + 1)
        if (e === 0x75) {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) { i += 2; return false }
          i += 6
        } else if ('"\\/bfnrt'.includes(text.charAt(i + 1)) && i + 1 < length) {
          i += 2
        } else {
          i++
          return false
        }
      } else {
        i++
      }
    }
    return false
  }
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
  const scanValue = (): boolean | 'open' => {
    skipWhitespace()
    const c = text.charAt(i)
    if (c === '{' || c === '[') return 'open'
    if (c === '"') return scanString()
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) { i += literal.length; return true }
    }
    NUMBER.lastIndex = i
    if (NUMBER.test(text)) { i = NUMBER.lastIndex; return true }
    return false
  }
  const scanKey = (): boolean => {
    skipWhitespace()
    if (text.charAt(i) !== '"' || !scanString()) return false
    skipWhitespace()
    if (text.charAt(i) !== ':') return false
    i++
    return true
  }

  for (;;) {
    // A value is expected at i.
    const scanned = scanValue()
    if (scanned === false) return i
    if (scanned === 'open') {
      const isObject = text.charAt(i) === '{'
      i++
      skipWhitespace()
      if (text.charAt(i) === (isObject ? '}' : ']')) {
        i++
      } else {
        containers.push(isObject ? 1 : 0)
        if (isObject && !scanKey()) return i
        continue
      }
    }
    // A value ended: close containers or move to the next element.
    for (;;) {
      skipWhitespace()
      if (containers.length === 0) return i
      const isObject = containers[containers.length - 1] === 1
      const c = text.charAt(i)
      if (c === ',') {
        i++
        if (isObject && !scanKey()) return i
        break
      }
      if (c !== (isObject ? '}' : ']')) return i
      containers.pop()
      i++
    }
  }
}
