// h2load (Debian's nghttp2-client) as an HTTP/2 client that counts every stream it started, and
// what became of it: the tool gRPC and HTTP/2 users load their servers with.
import { spawn } from 'node:child_process'
import { findBinary } from './proxies.js'

export interface H2loadRun {
  /** streams h2load opened, and streams that ended (with an answer or a reset) */
  started: number
  done: number
  succeeded: number
  failed: number
  errored: number
  timeout: number
  status2xx: number
  /** the whole output, for failure messages */
  output: string
  exitCode: number | null
}

function count (output: string, pattern: RegExp, what: string): number {
  const match = pattern.exec(output)
  if (match?.[1] === undefined) throw new Error(`expected h2load to print ${what}; it printed:\n${output}`)
  return Number(match[1])
}

export function parseH2load (output: string, exitCode: number | null): H2loadRun {
  return {
    started: count(output, /^requests: \d+ total, (\d+) started/m, 'requests started'),
    done: count(output, /^requests: .*?, (\d+) done/m, 'requests done'),
    succeeded: count(output, /^requests: .*?, (\d+) succeeded/m, 'requests succeeded'),
    failed: count(output, /^requests: .*?, (\d+) failed/m, 'requests failed'),
    errored: count(output, /^requests: .*?, (\d+) errored/m, 'requests errored'),
    timeout: count(output, /^requests: .*?, (\d+) timeout/m, 'requests timed out'),
    status2xx: count(output, /^status codes: (\d+) 2xx/m, 'status codes'),
    output,
    exitCode
  }
}

/**
 * Runs h2load for `seconds` against `url` over h2c (prior knowledge): `clients` sessions with up to
 * `streams` streams each in flight. Resolves once it has exited.
 */
export async function runH2load (url: string, { clients, streams, seconds }: { clients: number, streams: number, seconds: number }): Promise<H2loadRun> {
  const child = spawn(findBinary('h2load', 'nghttp2-client'), ['-c', String(clients), '-m', String(streams), '-D', String(seconds), url], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8') })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8') })
  const exitCode = await new Promise<number | null>(resolve => child.once('exit', resolve))
  return parseH2load(output, exitCode)
}
