// The load: one bounded run of the chosen load generator against 127.0.0.1, and the pre-flight
// request that checks a target answers as the scenario assumes.
import http from 'node:http'
import { runAutocannon } from './autocannon.js'
import { runWrk } from './wrk.js'

/** @typedef {import('./types.js').LoadRequest} LoadRequest */
/** @typedef {import('./types.js').LoadFigures} LoadFigures */
/** @typedef {import('./types.js').LoadGenerator} LoadGenerator */

/** @type {Record<LoadGenerator, (origin: string, request: LoadRequest, load: { seconds: number, connections: number }) => Promise<LoadFigures>>} */
const generators = { autocannon: runAutocannon, wrk: runWrk }

/**
 * @param {string} origin
 * @param {LoadRequest} request
 * @param {{ generator: LoadGenerator, seconds: number, connections: number }} load
 * @returns {Promise<LoadFigures>}
 */
export function runLoad (origin, request, { generator, seconds, connections }) {
  return generators[generator](origin, request, { seconds, connections })
}

/**
 * One request, before the load, to check the server answers as the scenario assumes (a 404
 * answered as fast as possible must not pass for a 405 or a served file).
 * @param {string} origin
 * @param {LoadRequest} request
 * @param {number} expectStatus
 * @param {{ name: string, pattern: RegExp }} [expectHeader]
 * @returns {Promise<{ status: number | null, ok: boolean, problem: string | null }>}
 */
export async function preflight (origin, request, expectStatus, expectHeader) {
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
    return { status: null, ok: false, problem: `request failed: ${/** @type {Error} */ (err).message}` }
  }
}

/**
 * @param {URL} url
 * @param {LoadRequest} request
 * @param {{ agent?: http.Agent | false, timeoutMs?: number }} [options] `agent`: a keep-alive agent to reuse
 *   connections (by default a fresh connection); `timeoutMs`: 0 waits as long as it takes (a server under valgrind)
 * @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, body: Buffer }>}
 */
export function send (url, request, { agent = false, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method: request.method ?? 'GET', headers: request.headers ?? {}, agent }, (response) => {
      /** @type {Buffer[]} */
      const chunks = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }))
      response.on('error', reject)
    })
    if (timeoutMs > 0) outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`timed out after ${timeoutMs / 1000} s`)))
    outgoing.on('error', reject)
    outgoing.end(request.body)
  })
}
