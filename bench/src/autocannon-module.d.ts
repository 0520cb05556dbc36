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

  interface Options {
    url: string
    method?: string
    headers?: Record<string, string>
    body?: string | Buffer
    connections?: number
    duration?: number
    sampleInt?: number
    timeout?: number
    requests?: Array<{ setupRequest?: (request: any, context: object) => any }>
  }

  interface Instance extends PromiseLike<Result> {
  }

  function autocannon (options: Options): Instance
  export default autocannon
}
