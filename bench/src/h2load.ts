// HTTP/2 targets (`protocol: 'h2c'`): h2load, nghttp2's load generator (Debian's nghttp2-client),
// a C program like wrk. One thread, pinned like wrk; each connection keeps `streamsPerConnection`
// requests in flight, as a proxy multiplexing onto an app does. Latencies come from its
// per-request log, so the report's p50 and p99 mean what they mean for wrk.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { inTemporaryDirectory, runPinned } from './load-generator.js'
import type { LoadFigures, LoadRequest } from './types.js'

/** Concurrent streams per connection: enough to keep the server busy, few enough to keep latency meaningful. */
export const streamsPerConnection = 10

export function h2loadArgs (origin: string, request: LoadRequest, { seconds, connections }: { seconds: number, connections: number }, logFile: string): string[] {
  if (request.method !== undefined && request.method !== 'GET') throw new Error(`h2load targets send GET only, got ${request.method}`)
  if (request.paths !== undefined) throw new Error('h2load targets request one path; a list of paths needs wrk or autocannon')
  const args = [
    '--threads', '1',
    '--clients', String(request.connections ?? connections),
    '--max-concurrent-streams', String(streamsPerConnection),
    '--duration', String(seconds),
    '--warm-up-time', '0',
    '--log-file', logFile
  ]
  for (const [name, value] of Object.entries(request.headers ?? {})) args.push('--header', `${name}: ${value}`)
  return [...args, origin + request.path]
}

function figure (stdout: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(stdout)
  if (match?.[1] === undefined) throw new Error(`h2load printed no ${what}:\n${stdout.trim()}`)
  return Number(match[1])
}

/** The nearest-rank percentile of sorted values. */
function percentile (sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number
}

/**
 * h2load's summary and its log (one line per request: start time, status, duration in
 * microseconds, tab-separated) as the report's figures.
 */
export function parseH2load (stdout: string, log: string): LoadFigures {
  const seconds = figure(stdout, /^finished in ([\d.]+)s,/m, 'duration')
  const done = figure(stdout, /^requests: .*?, (\d+) done/m, 'requests done')
  const errored = figure(stdout, /^requests: .*?, (\d+) errored/m, 'requests errored')
  const timeouts = figure(stdout, /^requests: .*?, (\d+) timeout/m, 'timeouts')
  const statuses = /^status codes: \d+ 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/m.exec(stdout)
  if (statuses === null) throw new Error(`h2load printed no status codes:\n${stdout.trim()}`)
  const bytes = figure(stdout, /^traffic: .*? \((\d+)\) total/m, 'traffic')
  const durations = log.split('\n').filter(line => line !== '').map(line => Number(line.split('\t')[2]) / 1000).sort((a, b) => a - b)
  return {
    requestsPerSecond: done / seconds,
    bytesPerSecond: bytes / seconds,
    p50: percentile(durations, 50),
    p99: percentile(durations, 99),
    errors: errored,
    timeouts,
    non2xx: Number(statuses[1]) + Number(statuses[2]) + Number(statuses[3]),
    requests: done
  }
}

/** Runs one bounded HTTP/2 load: `seconds` at `connections` connections of `streamsPerConnection` streams. */
export async function runH2load (origin: string, request: LoadRequest, load: { seconds: number, connections: number }): Promise<LoadFigures> {
  return await inTemporaryDirectory('groundwork-h2load-', async directory => {
    const logFile = path.join(directory, 'requests.log')
    const stdout = await runPinned('h2load', h2loadArgs(origin, request, load, logFile))
    return parseH2load(stdout, await readFile(logFile, 'utf8'))
  })
}
