// A flood of oversized uploads: `concurrency` clients each send a body of `size` bytes, again and
// again until the time is up. Half declare a Content-Length (the server can refuse before reading);
// half stream it chunked (the server must cut it off while it streams).
import http from 'node:http'

export interface FloodResult {
  /** answered or cut off */
  uploads: number
  /** count by HTTP status */
  statuses: Record<string, number>
  /** uploads whose connection the server closed before the answer was read */
  cutOff: number
}

export interface Flood {
  origin: string
  path: string
  concurrency: number
  /** bytes per upload */
  size: number
  seconds: number
  onSecond?: (done: number) => void
}

export async function uploadFlood ({ origin, path, concurrency, size, seconds, onSecond }: Flood): Promise<FloodResult> {
  const url = new URL(path, origin)
  const agent = new http.Agent({ keepAlive: false, maxSockets: concurrency })
  const chunk = Buffer.alloc(64 * 1024, '{')
  const deadline = Date.now() + seconds * 1000
  const result: FloodResult = { uploads: 0, statuses: {}, cutOff: 0 }
  const ticker = setInterval(() => onSecond?.(result.uploads), 1000)

  const upload = (chunked: boolean): Promise<void> => new Promise(resolve => {
    const headers = { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(size) }) }
    const request = http.request(url, { method: 'POST', agent, headers })
    const state = { settled: false }
    const settle = (outcome: string | number): void => {
      if (state.settled) return
      state.settled = true
      request.destroy()
      result.uploads++
      if (typeof outcome === 'number') result.statuses[outcome] = (result.statuses[outcome] ?? 0) + 1
      else result.cutOff++
      resolve()
    }
    request.on('response', (response) => {
      response.resume()
      settle(response.statusCode ?? 0)
    })
    request.on('error', () => settle('cut off'))
    request.setTimeout(15_000, () => settle('cut off'))
    let sent = 0
    const writeMore = (): void => {
      while (sent < size && !state.settled) {
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent))
        sent += piece.length
        if (!request.write(piece)) {
          request.once('drain', writeMore)
          return
        }
      }
      if (!state.settled) request.end()
    }
    writeMore()
  })

  const client = async (index: number): Promise<void> => {
    while (Date.now() < deadline) await upload(index % 2 === 1)
  }
  try {
    await Promise.all(Array.from({ length: concurrency }, (_, index) => client(index)))
  } finally {
    clearInterval(ticker)
    agent.destroy()
  }
  return result
}
