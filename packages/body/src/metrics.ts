/**
 * Every code a request can be rejected with. Register-time codes (GW_BODY_INVALID_OPTION,
 * GW_BODY_INVALID_ROUTE_CONFIG) are left out: they stop the app from starting, no request sees them.
 */
export const REJECTION_CODES = Object.freeze([
  'GW_BODY_UNSUPPORTED_MEDIA_TYPE',
  'GW_BODY_UNSUPPORTED_CHARSET',
  'GW_BODY_UNSUPPORTED_ENCODING',
  'GW_BODY_TOO_LARGE',
  'GW_BODY_INFLATED_TOO_LARGE',
  'GW_BODY_EXPANSION_RATIO',
  'GW_BODY_TOO_MANY_PARAMETERS',
  'GW_BODY_TOO_DEEP',
  'GW_BODY_INVALID_JSON',
  'GW_BODY_EMPTY_JSON',
  'GW_BODY_PROTOTYPE_POISONING',
  'GW_BODY_INVALID_FORM',
  'GW_BODY_INVALID_BYTES',
  'GW_BODY_INVALID_COMPRESSION',
  'GW_BODY_LENGTH_MISMATCH',
  'GW_BODY_ABORTED',
  'GW_BODY_VERIFY_FAILED'
] as const)

export type RejectionCode = typeof REJECTION_CODES[number]

/** What `fastify.bodyMetrics` returns: counters since the plugin was registered. */
export interface BodyMetrics {
  /** Requests rejected, by code; every code is present, 0 when none. */
  rejected: Record<RejectionCode, number>
  /** Bytes the inflaters produced, those of bodies rejected while inflating included. */
  bytesInflated: number
  /** Compressed bodies inflated to their end. */
  bodiesInflated: number
}

/**
 * One plugin instance's counters. Plain integer fields, bumped only where the plugin already does
 * the work (rejecting a body, inflating one): a body read without decompression touches nothing here.
 */
export class BodyCounters {
  // No prototype: a code is looked up with `in`, and 'toString' must not read as one.
  private readonly rejected: Record<string, number> = Object.create(null) as Record<string, number>
  bytesInflated = 0
  bodiesInflated = 0

  constructor () {
    for (const code of REJECTION_CODES) this.rejected[code] = 0
  }

  /** Counts a rejection under its code; anything that is not one of ours is Fastify's to answer, not counted. */
  readonly reject = (error: Error): void => {
    const code = (error as Error & { code?: unknown }).code
    if (typeof code === 'string' && code in this.rejected) (this.rejected[code] as number)++
  }

  snapshot (): BodyMetrics {
    return {
      rejected: { ...this.rejected } as Record<RejectionCode, number>,
      bytesInflated: this.bytesInflated,
      bodiesInflated: this.bodiesInflated
    }
  }
}
