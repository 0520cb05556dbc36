export type Encoding = 'br' | 'zstd' | 'gzip'

/** Sibling file extension of each encoding. */
export const ENCODING_EXTENSIONS: Readonly<Record<Encoding, string>> = { br: '.br', zstd: '.zst', gzip: '.gz' }

/** Server preference when the client gives several encodings the same q-value: smallest output first. */
export const SERVER_PREFERENCE: readonly Encoding[] = ['br', 'zstd', 'gzip']

const NONE: readonly Encoding[] = Object.freeze([])
const MEMO_LIMIT = 256

function parseQ (params: string[]): number {
  for (const param of params) {
    const eq = param.indexOf('=')
    if (eq !== -1 && param.slice(0, eq).trim().toLowerCase() === 'q') {
      const q = Number(param.slice(eq + 1).trim())
      return Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0
    }
  }
  return 1
}

/**
 * The encodings a client accepts, best first, keeping only those it rates at least as high as identity
 * (RFC 9110 §12.5.3: q=0 means "not acceptable"; identity is acceptable unless excluded; `*` covers unlisted codings).
 */
export function acceptableEncodings (header: string | undefined): readonly Encoding[] {
  if (header === undefined || header.length === 0) return NONE
  const q = new Map<string, number>()
  for (const part of header.split(',')) {
    const [rawName = '', ...params] = part.split(';')
    let name = rawName.trim().toLowerCase()
    if (name === 'x-gzip') name = 'gzip'
    if (name.length > 0 && !q.has(name)) q.set(name, parseQ(params))
  }
  const star = q.get('*')
  const identity = q.get('identity') ?? (star === 0 ? 0 : (star ?? 0.001))
  const ranked: Array<{ encoding: Encoding, q: number, order: number }> = []
  SERVER_PREFERENCE.forEach((encoding, order) => {
    const value = q.get(encoding) ?? star ?? 0
    if (value > 0 && value >= identity) ranked.push({ encoding, q: value, order })
  })
  ranked.sort((a, b) => (b.q - a.q) || (a.order - b.order))
  return ranked.map(r => r.encoding)
}

/** Memoises acceptableEncodings per header value; bounded so hostile headers cannot grow memory. */
export function createEncodingNegotiator (): (header: string | undefined) => readonly Encoding[] {
  const memo = new Map<string, readonly Encoding[]>()
  return function negotiate (header) {
    if (header === undefined) return NONE
    let result = memo.get(header)
    if (result === undefined) {
      result = acceptableEncodings(header)
      if (memo.size < MEMO_LIMIT) memo.set(header, result)
    }
    return result
  }
}
