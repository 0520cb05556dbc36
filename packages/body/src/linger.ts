import type { FastifyInstance } from 'fastify'
import type { IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import { nodeInternals, type FoundInternals, type NodeInternals } from './node-internals.js'

export interface LingerSettings {
  /** Longest time the rest of a rejected body is read and discarded after the response. */
  timeoutMs: number
  /** Most bytes of a rejected body discarded after the response; past them the socket is closed. */
  maxBytes: number
}

/**
 * Lingering close, as nginx does it. When a body is rejected before it was read to the end (413,
 * 415), Fastify answers with `Connection: close` and Node's http server ends the socket with
 * `destroySoon()`: a FIN, then `destroy()` once the response is written. The client is usually still
 * sending; the kernel answers bytes that arrive after `destroy()` with a reset, and a client that has
 * not read the response yet sees the reset instead of it. nginx in front turns that into a 502.
 *
 * So after such a response the socket stays open for reading: the rest of the body is read and
 * discarded until it ends (then the socket closes cleanly), or until `maxBytes` or `timeoutMs`
 * pass (then it is destroyed, as before). Once the app closes, sockets lingering are destroyed and
 * no new ones linger, so shutdown never waits for them.
 */
export class LingeringClose {
  private readonly lingering = new Set<() => void>()
  private closing = false

  constructor (private readonly settings: LingerSettings, private readonly internals: NodeInternals) {}

  /** Call when rejecting a request's body; it lingers only if the body was not read to its end. */
  afterRejecting (request: IncomingMessage): void {
    if (request.complete || this.closing) return
    const response = this.internals.responseOf(request)
    // No response on the socket yet (a pipelined request waits its turn), or no way to tell: Node
    // closes as it would.
    if (response === undefined) return
    const socket = request.socket
    response.once('finish', () => { this.linger(request, socket) })
  }

  /** The app is closing: ends every lingering socket now, and lingers no more. */
  endAll (): void {
    this.closing = true
    for (const end of this.lingering) end()
  }

  private linger (request: IncomingMessage, socket: Socket): void {
    // Runs after the http server's own 'finish' listener, whose destroySoon() queued the FIN and a
    // destroy() for when it is written. Taking that destroy() away keeps the socket readable. If there
    // is none (the socket is already gone, or another Node version closes differently), Node's own
    // close stands.
    if (!this.internals.cancelQueuedDestroy(socket)) return
    // The rest of the body may already be in: then the socket can close cleanly now.
    if (request.readableEnded) {
      socket.destroy()
      return
    }

    let discarded = 0
    const end = (): void => {
      clearTimeout(timer)
      request.removeListener('data', discard)
      request.removeListener('end', end)
      socket.removeListener('close', end)
      this.lingering.delete(end)
      socket.destroy()
    }
    const discard = (chunk: Buffer): void => {
      discarded += chunk.length
      if (discarded > this.settings.maxBytes) end()
    }
    const timer = setTimeout(end, this.settings.timeoutMs)
    timer.unref()
    this.lingering.add(end)
    request.on('data', discard)
    request.once('end', end)
    socket.once('close', end)
    request.resume()
  }
}

/**
 * The plugin's lingering close: undefined with `linger: false`. Where this Node lacks the internals
 * lingering needs (`found` probes them), says so once and uses the public fallback, under which Node
 * closes at once.
 */
export function setUpLingering (
  fastify: FastifyInstance,
  settings: LingerSettings | false,
  found: () => FoundInternals = nodeInternals
): LingeringClose | undefined {
  if (settings === false) return undefined
  const { internals, fallback } = found()
  if (fallback !== undefined) {
    fastify.log.warn(`@groundwork/body: lingering close is off: ${fallback}, so a body rejected while still arriving (413, 415) closes its connection at once, as with linger: false`)
  }
  const lingering = new LingeringClose(settings, internals)
  // preClose, not onClose: the server waits for its connections before onClose, lingering ones included.
  fastify.addHook('preClose', async () => { lingering.endAll() })
  return lingering
}
