// The slice of autocannon 8's API the e2e suite uses (the package ships no types).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  interface Options {
    url: string
    method?: string
    connections?: number
    duration?: number
    maxOverallRequests?: number
    timeout?: number
    headers?: Record<string, string>
    body?: string | Buffer
  }

  interface Result {
    requests: { total: number, average: number }
    latency: { p99: number, average: number }
    non2xx: number
    errors: number
    timeouts: number
    duration: number
  }

  interface Instance extends EventEmitter, PromiseLike<Result> {
    stop: () => void
  }

  function autocannon (options: Options): Instance
  export default autocannon
}
