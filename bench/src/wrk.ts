// `--load wrk`: wrk (Debian's package), a C program. It spends far less CPU per request than a
// JavaScript load generator, so a fast server is not capped by the client: the method behind the
// figures in DESIGN.md. Its Lua script is generated per request shape.
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { inTemporaryDirectory, runPinned } from './load-generator.js'
import type { LoadFigures, LoadRequest } from './types.js'

const resultMarker = 'GROUNDWORK-BENCH '
/** One wrk thread: the other core belongs to the server under test. */
const threads = 1

/**
 * A Lua string literal holding exactly these bytes: every byte as a decimal escape, so that no
 * path, header or binary body can break out of the script.
 */
export function luaString (value: string | Buffer): string {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value
  let literal = '"'
  for (const byte of bytes) literal += `\\${byte}`
  return literal + '"'
}

/** The wrk script for one request shape. Its `done` prints one marked JSON line with the totals. */
export function wrkScript (request: LoadRequest): string {
  const lines = [`wrk.method = ${luaString(request.method ?? 'GET')}`]
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`)
  }
  if (request.body !== undefined) lines.push(`wrk.body = ${luaString(request.body)}`)
  if (request.paths !== undefined) {
    lines.push(
      `local paths = { ${request.paths.map(luaString).join(', ')} }`,
      'local cursor = 0',
      'request = function ()',
      '  cursor = cursor % #paths + 1',
      '  return wrk.format(nil, paths[cursor])',
      'end'
    )
  }
  lines.push(
    'done = function (summary, latency, requests)',
    '  local e = summary.errors',
    `  io.write(string.format(${luaString(resultMarker)} .. '{"requests":%d,"bytes":%d,"microseconds":%d,' ..`,
    '    \'"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50":%d,"p99":%d}\\n\',',
    '    summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,',
    '    math.floor(latency:percentile(50)), math.floor(latency:percentile(99))))',
    'end'
  )
  return lines.join('\n') + '\n'
}

/** The JSON that the script's `done` prints. */
interface WrkTotals {
  requests: number
  bytes: number
  microseconds: number
  connect: number
  read: number
  write: number
  status: number
  timeout: number
  p50: number
  p99: number
}

/** Reads the marked line of wrk's output. */
export function parseWrkResult (stdout: string): LoadFigures {
  const line = stdout.split('\n').find(text => text.startsWith(resultMarker))
  if (line === undefined) throw new Error(`wrk printed no result line:\n${stdout.trim()}`)
  const totals = JSON.parse(line.slice(resultMarker.length)) as WrkTotals
  const seconds = Math.max(0.001, totals.microseconds / 1e6)
  return {
    requestsPerSecond: totals.requests / seconds,
    bytesPerSecond: totals.bytes / seconds,
    p50: totals.p50 / 1000,
    p99: totals.p99 / 1000,
    errors: totals.connect + totals.read + totals.write,
    timeouts: totals.timeout,
    non2xx: totals.status,
    requests: totals.requests
  }
}

/** Runs one bounded load: `seconds` (whole seconds, wrk's unit) at `connections` connections. */
export async function runWrk (origin: string, request: LoadRequest, { seconds, connections }: { seconds: number, connections: number }): Promise<LoadFigures> {
  return await inTemporaryDirectory('groundwork-wrk-', async directory => {
    const script = path.join(directory, 'request.lua')
    await writeFile(script, wrkScript(request))
    return parseWrkResult(await runPinned('wrk', [
      '--threads', String(threads),
      '--connections', String(request.connections ?? connections),
      '--duration', `${seconds}s`,
      // A slow answer under load is a figure, not an error, within this bound.
      '--timeout', '10s',
      '--script', script,
      origin + request.path
    ]))
  })
}
