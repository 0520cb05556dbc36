// A closed-loop POST load that knows which request got which answer: each of `connections`
// workers sends one request at a time, every one creating a user with its own e-mail address, and
// records whether that address was acknowledged (2xx) or failed (non-2xx, reset, close, timeout).
// Stopping lets every worker finish the request it has in flight, so nothing is cut by the test:
// a request without an answer is a failure. Together with the demo's audit file (USERS_AUDIT_FILE)
// this tells "failed" apart from "applied twice".
import { Pool } from 'undici'

export interface PostLoadOptions {
  origin: string
  connections: number
  /** hard bounds, whatever happens */
  maxSeconds: number
  maxRequests: number
  /** abandon a request after this long (counted as a failure) */
  timeoutMs?: number
}

export interface PostLoad {
  /** requests answered or failed so far */
  readonly done: number
  /** failures so far (for per-window accounting) */
  readonly failed: number
  /** stops sending, waits for the requests in flight, and returns the totals */
  stop: () => Promise<PostLoadResult>
}

export interface PostLoadResult {
  sent: number
  /** e-mail addresses whose POST got a 2xx */
  acknowledged: Set<string>
  failed: number
  /** non-2xx by status, errors by code */
  failureKinds: Record<string, number>
  durationS: number
}

export function emailOf (sequence: number): string {
  return `user${sequence}@e2e.test`
}

export function startPostLoad (options: PostLoadOptions): PostLoad {
  const pool = new Pool(options.origin, {
    connections: options.connections,
    pipelining: 1,
    headersTimeout: options.timeoutMs ?? 10_000,
    bodyTimeout: options.timeoutMs ?? 10_000
  })
  const started = performance.now()
  const acknowledged = new Set<string>()
  const failureKinds: Record<string, number> = {}
  let sent = 0
  let done = 0
  let failed = 0
  let stopping = false
  const fail = (kind: string): void => {
    failed++
    failureKinds[kind] = (failureKinds[kind] ?? 0) + 1
  }
  const over = (): boolean => stopping || sent >= options.maxRequests || performance.now() - started > options.maxSeconds * 1000

  const worker = async (): Promise<void> => {
    while (!over()) {
      const email = emailOf(++sent)
      try {
        const response = await pool.request({
          path: '/api/users',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'Ada Lovelace', email })
        })
        await response.body.text()
        if (response.statusCode >= 200 && response.statusCode <= 299) {
          acknowledged.add(email)
        } else {
          fail(`status ${response.statusCode}`)
        }
      } catch (error) {
        fail(`socket error: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
      }
      done++
    }
  }
  const workers = Array.from({ length: options.connections }, worker)
  let stopped: Promise<PostLoadResult> | undefined
  const stop = async (): Promise<PostLoadResult> => {
    stopping = true
    await Promise.all(workers)
    await pool.close()
    return { sent, acknowledged, failed, failureKinds, durationS: Math.round((performance.now() - started) / 100) / 10 }
  }

  return {
    get done () { return done },
    get failed () { return failed },
    stop: async () => await (stopped ??= stop())
  }
}
