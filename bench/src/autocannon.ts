// `--load autocannon` (the default): autocannon as a library, in this process. On two cores it
// needs about as much CPU per request as the server it measures, so a server faster than the
// client cannot show it: the ratios of very fast servers are squeezed towards 1.
import autocannon from 'autocannon'
import type { LoadFigures, LoadRequest } from './types.js'

/** Runs one bounded load and reduces autocannon's result to the figures the report uses. */
export async function runAutocannon (origin: string, request: LoadRequest, { seconds, connections }: { seconds: number, connections: number }): Promise<LoadFigures> {
  const paths = request.paths
  let cursor = 0
  const result = await autocannon({
    url: origin + request.path,
    method: request.method ?? 'GET',
    headers: request.headers ?? {},
    body: request.body,
    connections: request.connections ?? connections,
    duration: seconds,
    // autocannon stops at the first sample after the duration: sample often so a round ends on time.
    sampleInt: 100,
    // A slow answer under load is a figure, not an error, within this bound.
    timeout: 10,
    ...(paths === undefined
      ? {}
      : { requests: [{ setupRequest: (sent) => ({ ...sent, path: paths[cursor++ % paths.length] }) }] })
  })
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
