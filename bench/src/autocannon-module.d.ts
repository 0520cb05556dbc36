// The part of autocannon's API the suite uses (the package ships no types).
declare module 'autocannon' {
  interface Histogram {
    average: number
    total: number
    p50: number
    p99: number
  }

  interface Result {
    requests: Histogram
    throughput: Histogram
    latency: Histogram
    errors: number
    timeouts: number
    non2xx: number
    start: Date
    finish: Date
  }

  /** One request as autocannon is about to send it; `setupRequest` returns it changed. */
  interface RequestParams {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string | Buffer
    [field: string]: unknown
  }

  interface Options {
    url: string
    method?: string
    headers?: Record<string, string>
    body?: string | Buffer | undefined
    connections?: number
    duration?: number
    sampleInt?: number
    timeout?: number
    requests?: Array<{ setupRequest?: (request: RequestParams, context: object) => RequestParams }>
  }

  interface Instance extends PromiseLike<Result> {
  }

  function autocannon (options: Options): Instance
  export default autocannon
}
