// The load: one bounded run of the chosen load generator against 127.0.0.1, and the pre-flight
// request that checks a target answers as the scenario assumes.
import http from 'node:http'
import http2 from 'node:http2'
import { runAutocannon } from './autocannon.js'
import { runH2load } from './h2load.js'
import { runWrk } from './wrk.js'
import type { LoadFigures, LoadGenerator, LoadRequest, TargetResult } from './types.js'

const generators: Record<LoadGenerator, (origin: string, request: LoadRequest, load: { seconds: number, connections: number }) => Promise<LoadFigures>> = {
  autocannon: runAutocannon,
  wrk: runWrk
}

export function runLoad (origin: string, request: LoadRequest, { generator, seconds, connections }: { generator: LoadGenerator, seconds: number, connections: number }): Promise<LoadFigures> {
  if (request.protocol === 'h2c') return runH2load(origin, request, { seconds, connections })
  return generators[generator](origin, request, { seconds, connections })
}

/**
 * One request, before the load, to check the server answers as the scenario assumes (a 404
 * answered as fast as possible must not pass for a 405 or a served file).
 */
export async function preflight (origin: string, request: LoadRequest, expectStatus: number, expectHeader?: { name: string, pattern: RegExp }): Promise<TargetResult['preflight']> {
  const url = new URL(request.paths?.[0] ?? request.path, origin)
  try {
    const answer = await send(url, request)
    if (answer.status !== expectStatus) {
      return { status: answer.status, ok: false, problem: `expected ${expectStatus}, got ${answer.status}` }
    }
    if (expectHeader !== undefined) {
      const value = answer.headers[expectHeader.name.toLowerCase()]
      if (typeof value !== 'string' || !expectHeader.pattern.test(value)) {
        return { status: answer.status, ok: false, problem: `expected header ${expectHeader.name} ${expectHeader.pattern}, got ${value ?? 'none'}` }
      }
    }
    return { status: answer.status, ok: true, problem: null }
  } catch (err) {
    return { status: null, ok: false, problem: `request failed: ${(err as Error).message}` }
  }
}

export interface SendOptions {
  /** a keep-alive agent to reuse connections (by default a fresh connection) */
  agent?: http.Agent | false
  /** 0 waits as long as it takes (a server under valgrind) */
  timeoutMs?: number
}

export function send (url: URL, request: LoadRequest, { agent = false, timeoutMs = 10_000 }: SendOptions = {}): Promise<{ status: number, headers: http.IncomingHttpHeaders, body: Buffer }> {
  if (request.protocol === 'h2c') return sendH2c(url, request, timeoutMs)
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method: request.method ?? 'GET', headers: request.headers ?? {}, agent }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }))
      response.on('error', reject)
    })
    if (timeoutMs > 0) outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`timed out after ${timeoutMs / 1000} s`)))
    outgoing.on('error', reject)
    outgoing.end(request.body)
  })
}

/** The same over cleartext HTTP/2 with prior knowledge, on a session of its own. */
function sendH2c (url: URL, request: LoadRequest, timeoutMs: number): Promise<{ status: number, headers: http.IncomingHttpHeaders, body: Buffer }> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url.origin)
    const fail = (err: Error): void => { session.destroy(); reject(err) }
    session.on('error', fail)
    if (timeoutMs > 0) session.setTimeout(timeoutMs, () => fail(new Error(`timed out after ${timeoutMs / 1000} s`)))
    const stream = session.request({ ':method': request.method ?? 'GET', ':path': url.pathname + url.search, ...request.headers })
    const chunks: Buffer[] = []
    let headers: http.IncomingHttpHeaders = {}
    let status = 0
    stream.on('response', responseHeaders => {
      status = Number(responseHeaders[':status'])
      headers = responseHeaders as http.IncomingHttpHeaders
    })
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => { session.close(); resolve({ status, headers, body: Buffer.concat(chunks) }) })
    stream.on('error', fail)
    stream.end(request.body)
  })
}
