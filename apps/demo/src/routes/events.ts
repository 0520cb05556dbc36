import { PassThrough } from 'node:stream'
import { defineRoute } from '@groundwork/routing'
import { statsBody } from '../stats.js'

/** What EventSource waits before it reconnects, sent as the stream's first line (`retry:`). */
export const RECONNECT_MS = 1000

const shutdownEvent = event('shutdown', { reason: 'draining' })

function event (name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`
}

/**
 * The live stats as server-sent events: a `stats` event at once and every STATS_INTERVAL_MS, and a
 * last `shutdown` event when the drain starts, after which the response ends cleanly (chunked
 * terminator), so a reader sees a stream that finished, never a cut one, and reconnects to whichever
 * instance serves next. A request that arrives after the drain started gets that goodbye at once.
 */
export const eventsRoute = defineRoute({
  method: 'GET',
  url: '/events',
  handler: async (request, reply) => {
    const app = request.server
    const stream = new PassThrough()
    stream.write(`retry: ${RECONNECT_MS}\n\n`)
    reply
      // Counted in `streams` whatever the client's Accept, and destroyed at longLivedTimeout if it hangs on.
      .markLongLived()
      .type('text/event-stream')
      // nginx buffers proxied responses by default, which would hold the events back.
      .header('x-accel-buffering', 'no')

    // Aborts when the drain starts, or at a plain app.close() (graceful-close's preClose hook).
    const goodbye = app.shutdownSignal
    if (goodbye.aborted) {
      stream.end(shutdownEvent)
      return reply.send(stream)
    }
    const push = (): void => { stream.write(event('stats', statsBody(app))) }
    const timer = setInterval(push, app.statsIntervalMs).unref()
    const stop = (): void => {
      clearInterval(timer)
      goodbye.removeEventListener('abort', end)
    }
    function end (): void {
      stop()
      stream.end(shutdownEvent)
    }
    goodbye.addEventListener('abort', end, { once: true })
    // The response closes when it has ended or when the client went away: either way, no more ticks.
    reply.raw.once('close', stop)
    push()
    return reply.send(stream)
  }
})
