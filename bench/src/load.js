// The load generator: autocannon as a library, against 127.0.0.1 only.
import http from 'node:http'
import autocannon from 'autocannon'

/** @typedef {import('./types.js').LoadRequest} LoadRequest */
/** @typedef {import('./types.js').LoadFigures} LoadFigures */

/**
 * Runs one bounded load and reduces autocannon's result to the figures the report uses.
 * @param {string} origin
 * @param {LoadRequest} request
 * @param {{ seconds: number, connections: number, amount?: number }} load with `amount`, run until
 *   that many requests are answered, and `seconds` is the cap
 * @returns {Promise<LoadFigures>}
 */
export async function runLoad (origin, request, { seconds, connections, amount }) {
  const nextPath = request.nextPath
  const instance = autocannon({
    url: origin + request.path,
    method: request.method ?? 'GET',
    headers: request.headers ?? {},
    body: request.body,
    connections: request.connections ?? connections,
    duration: seconds,
    ...(amount === undefined ? {} : { amount }),
    // autocannon stops at the first sample after the duration: sample often so a round ends on time.
    sampleInt: 100,
    // A slow answer under load is a figure, not an error, within this bound.
    timeout: 10,
    ...(nextPath === undefined ? {} : { requests: [{ setupRequest: (/** @type {any} */ sent) => ({ ...sent, path: nextPath() }) }] })
  })
  const cap = amount === undefined ? undefined : setTimeout(() => instance.stop(), seconds * 1000)
  const result = await instance
  clearTimeout(cap)
  // Rates over the measured time, not autocannon's one-second buckets: rounds are only a few seconds long.
  const elapsedSeconds = Math.max(0.001, (new Date(result.finish).getTime() - new Date(result.start).getTime()) / 1000)
  return {
    requestsPerSecond: result.requests.total / elapsedSeconds,
    bytesPerSecond: result.throughput.total / elapsedSeconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total
  }
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
  const url = new URL(request.nextPath?.() ?? request.path, origin)
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
 * @returns {Promise<{ status: number, headers: http.IncomingHttpHeaders, body: Buffer }>}
 */
export function send (url, request) {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method: request.method ?? 'GET', headers: request.headers ?? {}, agent: false }, (response) => {
      /** @type {Buffer[]} */
      const chunks = []
      response.on('data', (chunk) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }))
      response.on('error', reject)
    })
    outgoing.setTimeout(10_000, () => outgoing.destroy(new Error('timed out after 10 s')))
    outgoing.on('error', reject)
    outgoing.end(request.body)
  })
}
