// A closed-loop GET load, the read-side twin of post-load.ts: `connections` workers, each with one
// request in flight at a time, counting every answer that is not a 2xx, and every reset, close or
// timeout, as failed. Stopping lets every worker finish the request it has in flight, so nothing is
// cut by the test itself.
import { Pool } from 'undici'

export interface GetLoadOptions {
  origin: string
  path: string
  connections: number
  /** hard bounds, whatever happens */
  maxSeconds: number
  maxRequests: number
  /** abandon a request after this long (counted as a failure) */
  timeoutMs?: number
}

export interface GetLoadResult {
  sent: number
  succeeded: number
  failed: number
  /** non-2xx by status, errors by code */
  failureKinds: Record<string, number>
  durationS: number
}

export interface GetLoad {
  readonly done: number
  /** stops sending, waits for the requests in flight, and returns the totals */
  stop: () => Promise<GetLoadResult>
}

export function startGetLoad (options: GetLoadOptions): GetLoad {
  const pool = new Pool(options.origin, {
    connections: options.connections,
    pipelining: 1,
    headersTimeout: options.timeoutMs ?? 10_000,
    bodyTimeout: options.timeoutMs ?? 10_000
  })
  const started = performance.now()
  const failureKinds: Record<string, number> = {}
  let sent = 0
  let done = 0
  let succeeded = 0
  let failed = 0
  let stopping = false
  const fail = (kind: string): void => {
    failed++
    failureKinds[kind] = (failureKinds[kind] ?? 0) + 1
  }
  const over = (): boolean => stopping || sent >= options.maxRequests || performance.now() - started > options.maxSeconds * 1000

  const worker = async (): Promise<void> => {
    while (!over()) {
      sent++
      try {
        const response = await pool.request({ path: options.path, method: 'GET' })
        await response.body.text()
        if (response.statusCode >= 200 && response.statusCode <= 299) succeeded++
        else fail(`status ${response.statusCode}`)
      } catch (error) {
        fail(`socket error: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
      }
      done++
    }
  }
  const workers = Array.from({ length: options.connections }, worker)
  let stopped: Promise<GetLoadResult> | undefined
  const stop = async (): Promise<GetLoadResult> => {
    stopping = true
    await Promise.all(workers)
    await pool.close()
    return { sent, succeeded, failed, failureKinds, durationS: Math.round((performance.now() - started) / 100) / 10 }
  }
  return {
    get done () { return done },
    stop: async () => await (stopped ??= stop())
  }
}
