import type { ServerTimeouts } from './presets.js'

/** Node's own connectionsCheckingInterval when none is given to http.createServer. */
export const NODE_CHECKING_INTERVAL = 30_000
/** The shortest interval keep-alive derives. */
export const MIN_CHECKING_INTERVAL = 250
/** How many checks keep-alive fits into the shortest limit. */
export const CHECKS_PER_LIMIT = 60

/**
 * The connectionsCheckingInterval that makes the headers and request limits in force bite on time,
 * or undefined when both are 0 (Node then has nothing to enforce).
 *
 * Node cuts a slow client at the first check after its limit has passed, so a client can outlast
 * a limit by up to one interval. A sixtieth of the shortest limit keeps that overrun within 1 s
 * for any limit up to 60 s (the range slow-client limits are set in) and within 1/60 of the limit
 * beyond. The 250 ms floor keeps short limits from turning the check into a busy loop: each check
 * is one pass over the server's connections, so at most four passes a second. The ceiling is
 * Node's own default, so a derived interval is never coarser than what the server would have had.
 */
export function deriveCheckingInterval (limits: Pick<ServerTimeouts, 'headersTimeout' | 'requestTimeout'>): number | undefined {
  const inForce = [limits.headersTimeout, limits.requestTimeout].filter(limit => limit > 0)
  if (inForce.length === 0) return undefined
  const shortest = Math.min(...inForce)
  return Math.min(NODE_CHECKING_INTERVAL, Math.max(MIN_CHECKING_INTERVAL, Math.floor(shortest / CHECKS_PER_LIMIT)))
}
