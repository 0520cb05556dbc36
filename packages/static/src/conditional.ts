import type { IncomingHttpHeaders } from 'node:http'

/** What a conditional or range request resolves to, decided from the validators alone (RFC 9110 §13.2.2). */
export type Decision =
  | { status: 200 }
  | { status: 206, start: number, end: number }
  | { status: 304 }
  | { status: 412 }
  | { status: 416 }

const FULL: Decision = Object.freeze({ status: 200 })
const NOT_MODIFIED: Decision = Object.freeze({ status: 304 })
const PRECONDITION_FAILED: Decision = Object.freeze({ status: 412 })
const UNSATISFIABLE: Decision = Object.freeze({ status: 416 })

export interface Validators {
  etag: string
  /** Last-Modified in ms, truncated to whole seconds like the header. */
  lastModified: number
  lastModifiedHeader: string
  size: number
}

/** True when none of the headers that change the answer is present: the hot path skips everything below. */
export function isPlainRequest (headers: IncomingHttpHeaders): boolean {
  return headers['if-none-match'] === undefined && headers['if-modified-since'] === undefined &&
    headers['if-match'] === undefined && headers['if-unmodified-since'] === undefined && headers.range === undefined
}

function opaque (tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag
}

/** Weak comparison (RFC 9110 §8.8.3.2), used for If-None-Match; @fastify/send also uses it for If-Match. */
function listMatches (header: string, etag: string): boolean {
  const target = opaque(etag)
  for (const candidate of header.split(',')) {
    const tag = candidate.trim()
    if (tag === '*' || opaque(tag) === target) return true
  }
  return false
}

function parseDate (value: string | undefined): number {
  return value === undefined ? NaN : Date.parse(value)
}

const BYTES_UNIT = /^bytes=/i
const LIST_ELEMENT_EDGES = /^[ \t]+|[ \t]+$/g
const RANGE_SPEC = /^(?:(\d+)-(\d*)|-(\d+))$/

/**
 * The range answer of both the memory and the disk path (RFC 9110 §14). One range-spec: 206 when it is
 * satisfiable, 416 when it is not. Anything else is ignored and the whole representation is sent (200), as
 * RFC 9110 §14.2 allows: several range-specs (overlapping, adjacent or not; multipart/byteranges is rarely wanted,
 * and merging them answers a range nobody asked for), another unit, or a range-spec that is not valid.
 */
function decideRange (header: string, size: number): Decision {
  if (!BYTES_UNIT.test(header)) return FULL
  // A list may carry empty elements and whitespace around its commas (RFC 9110 §5.6.1).
  const specs = header.slice(6).split(',').map(spec => spec.replace(LIST_ELEMENT_EDGES, '')).filter(spec => spec !== '')
  if (specs.length !== 1) return FULL
  const match = RANGE_SPEC.exec(specs[0] as string)
  if (match === null) return FULL
  const [, first, last, suffix] = match
  if (suffix !== undefined) {
    const length = Number(suffix)
    if (length === 0) return UNSATISFIABLE
    // A suffix longer than the representation means all of it; an empty representation has no byte to send.
    if (size === 0) return FULL
    return { status: 206, start: Math.max(0, size - length), end: size - 1 }
  }
  const start = Number(first)
  // last-pos before first-pos makes the range-spec invalid (RFC 9110 §14.1.1), not unsatisfiable.
  if (last !== '' && Number(last) < start) return FULL
  if (start >= size) return UNSATISFIABLE
  return { status: 206, start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) }
}

function rangeIsFresh (ifRange: string | undefined, v: Validators): boolean {
  if (ifRange === undefined) return true
  // Same rule as @fastify/send (it accepts its own weak tags), so memory and disk agree.
  if (ifRange.includes('"')) return ifRange.includes(v.etag)
  const date = Date.parse(ifRange)
  return !Number.isNaN(date) && v.lastModified <= date
}

export function decide (method: string, headers: IncomingHttpHeaders, v: Validators): Decision {
  const ifMatch = headers['if-match']
  if (ifMatch !== undefined) {
    if (!listMatches(ifMatch, v.etag)) return PRECONDITION_FAILED
  } else {
    const since = parseDate(headers['if-unmodified-since'])
    if (!Number.isNaN(since) && v.lastModified > since) return PRECONDITION_FAILED
  }
  // An end-to-end reload (Cache-Control: no-cache) always gets the full answer, as with @fastify/send.
  const reload = headers['cache-control']?.includes('no-cache') === true
  const ifNoneMatch = headers['if-none-match']
  if (ifNoneMatch !== undefined) {
    if (!reload && listMatches(ifNoneMatch, v.etag)) return NOT_MODIFIED
  } else {
    const since = parseDate(headers['if-modified-since'])
    if (!reload && !Number.isNaN(since) && v.lastModified <= since) return NOT_MODIFIED
  }
  const range = headers.range
  if (range === undefined || method !== 'GET' || !rangeIsFresh(headers['if-range'] as string | undefined, v)) return FULL
  return decideRange(range, v.size)
}
