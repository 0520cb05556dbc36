import http2 from 'node:http2'
import type { IncomingHttpHeaders, ServerHttp2Session, ServerHttp2Stream } from 'node:http2'
import type { EventEmitter } from 'node:events'
import type { LongLivedConnection } from './long-lived.js'

const { NGHTTP2_CANCEL } = http2.constants

/**
 * The highest stream id there is. A GOAWAY naming it announces the shutdown without refusing any
 * stream, so that a stream the client opened while the frame was on its way is still served: the
 * first of the two GOAWAY frames RFC 9113 section 6.8 recommends.
 */
const ANY_STREAM = 2 ** 31 - 1

/**
 * The final GOAWAY goes once a PING sent after the first one comes back (the client has seen the
 * announcement, so nothing it opens later is in flight), or after this bound: far above the round
 * trip between a proxy and its app, the case the two frames are for, and short enough for the
 * drain's budget when a client does not answer (Node's own client stops answering pings once it
 * has read a GOAWAY: measured on Node 20, every drain of one waited for the bound).
 */
export const GOAWAY_ROUND_TRIP_BOUND = 250

/** Where the shutdown is for HTTP/2: nothing yet, the announcing GOAWAY, then the final one. */
type GoawayStage = 'none' | 'announced' | 'final'

interface TrackedSession {
  readonly acceptedAt: number
  /** Open streams, each with the request headers it came with (read only when someone asks). */
  readonly streams: Map<ServerHttp2Stream, IncomingHttpHeaders>
}

/** What an HTTP/2 session is doing, counted like an HTTP/1.1 socket. */
export interface SessionCounts {
  sessions: number
  /** Open streams over every session. */
  streams: number
  /** Sessions with a stream being answered that is not long-lived. */
  active: number
  /** Sessions whose open streams are all long-lived (SSE, marked). */
  longLived: number
  /** Sessions with no open stream. */
  idle: number
}

/** A stream in flight, for a deadline's log. */
export interface OpenStream {
  method: string
  url: string
  connectionAgeMs: number
}

/**
 * The HTTP/2 half of the tracker: sessions from the server's 'session' event and their streams
 * from 'stream', all through public API. Streams cost one map entry and one shared 'close'
 * listener each; what each session is doing is worked out only when someone asks. The shutdown
 * is GOAWAY frames: announced with the highest stream id (nothing refused), then final with the
 * last stream the server took (Node's graceful `session.close()`), after which the client opens no
 * stream on the session and Node closes it once its last stream ends.
 */
export class Http2Sessions {
  readonly #sessions = new Map<ServerHttp2Session, TrackedSession>()
  readonly #streamSessions = new Map<ServerHttp2Stream, TrackedSession>()
  readonly #marked = new WeakSet<ServerHttp2Stream>()
  /** Sessions waiting for their PING before the final GOAWAY, each with what sends it. */
  readonly #awaitingRoundTrip = new Map<ServerHttp2Session, () => void>()
  readonly #sessionTimeout: number | undefined
  readonly #onSessionClose: (this: ServerHttp2Session) => void
  readonly #onStreamClose: (this: ServerHttp2Stream) => void
  readonly #closeOnTimeout: (this: ServerHttp2Session) => void
  #stage: GoawayStage = 'none'
  accepted = 0
  closed = 0
  requests = 0

  /**
   * `sessionClosed` and `streamClosed` let the tracker settle what it waits for. `sessionTimeout`
   * (undefined: leave the server's own) is applied to every session as its inactivity timeout.
   */
  constructor (
    sessionTimeout: number | undefined,
    sessionClosed: () => void,
    streamClosed: (stream: ServerHttp2Stream) => void
  ) {
    this.#sessionTimeout = sessionTimeout
    const sessions = this.#sessions
    const streamSessions = this.#streamSessions
    const self = this
    this.#onSessionClose = function (this: ServerHttp2Session) {
      sessions.delete(this)
      self.closed++
      sessionClosed()
    }
    this.#onStreamClose = function (this: ServerHttp2Stream) {
      streamSessions.get(this)?.streams.delete(this)
      streamSessions.delete(this)
      streamClosed(this)
    }
    // Fastify closes an inactive session the same way; this one also serves a serverFactory's server.
    this.#closeOnTimeout = function (this: ServerHttp2Session) { this.close() }
  }

  attach (server: EventEmitter): void {
    server.on('session', this.#onSession)
    // First in line: Fastify's compatibility layer answers from its own 'stream' listener, and a
    // handler that answers synchronously must find its stream tracked.
    server.prependListener('stream', this.#onStream)
  }

  readonly #onSession = (session: ServerHttp2Session): void => {
    this.#sessions.set(session, { acceptedAt: performance.now(), streams: new Map() })
    this.accepted++
    session.once('close', this.#onSessionClose)
    if (this.#sessionTimeout !== undefined) session.setTimeout(this.#sessionTimeout, this.#closeOnTimeout)
    // A session accepted while shutting down (the listener may still be open) is told at once.
    if (this.#stage !== 'none') this.#goaway(session)
  }

  readonly #onStream = (stream: ServerHttp2Stream, headers: IncomingHttpHeaders): void => {
    this.requests++
    const tracked = this.#sessions.get(stream.session as ServerHttp2Session)
    /* c8 ignore next -- Node emits 'session' before any of its streams; a stream of an untracked session is a safety net */
    if (tracked === undefined) return
    tracked.streams.set(stream, headers)
    this.#streamSessions.set(stream, tracked)
    stream.once('close', this.#onStreamClose)
  }

  get size (): number {
    return this.#sessions.size
  }

  mark (stream: ServerHttp2Stream): void {
    this.#marked.add(stream)
  }

  /** A long-lived stream: marked by its handler, or asked for as an event stream (like HTTP/1.1). */
  #isLongLived (stream: ServerHttp2Stream, headers: IncomingHttpHeaders): boolean {
    if (this.#marked.has(stream)) return true
    const accept = headers.accept
    return typeof accept === 'string' && accept.includes('text/event-stream')
  }

  counts (): SessionCounts {
    let streams = 0
    let active = 0
    let longLived = 0
    for (const session of this.#sessions.values()) {
      streams += session.streams.size
      if (session.streams.size === 0) continue
      let answering = false
      for (const [stream, headers] of session.streams) {
        if (!this.#isLongLived(stream, headers)) {
          answering = true
          break
        }
      }
      if (answering) active++
      else longLived++
    }
    return { sessions: this.#sessions.size, streams, active, longLived, idle: this.#sessions.size - active - longLived }
  }

  openStreams (now: number): OpenStream[] {
    const open: OpenStream[] = []
    for (const session of this.#sessions.values()) {
      for (const [stream, headers] of session.streams) {
        if (this.#isLongLived(stream, headers)) continue
        open.push({ ...requestLine(headers), connectionAgeMs: Math.round(now - session.acceptedAt) })
      }
    }
    return open
  }

  longLivedStreams (now: number): Map<ServerHttp2Stream, LongLivedConnection> {
    const found = new Map<ServerHttp2Stream, LongLivedConnection>()
    for (const session of this.#sessions.values()) {
      for (const [stream, headers] of session.streams) {
        if (!this.#isLongLived(stream, headers)) continue
        found.set(stream, { kind: 'stream', ...requestLine(headers), connectionAgeMs: Math.round(now - session.acceptedAt) })
      }
    }
    return found
  }

  /** Sends every session the announcing GOAWAY: the client opens no new stream, every stream is still served. */
  announce (): void {
    // After the final GOAWAY (drain() before closeAfterResponses()) there is nothing left to announce.
    if (this.#stage !== 'none') return
    this.#stage = 'announced'
    for (const session of this.#sessions.keys()) this.#goaway(session)
  }

  /**
   * Once (drain() calls it once): sends every session its final GOAWAY (after the announcing one and a PING's round trip, for a
   * session not yet told): streams above the last one taken are refused by the protocol, the
   * streams in flight finish, and Node closes each session once its last stream has ended.
   */
  closeAll (): void {
    const announced = this.#stage === 'announced'
    this.#stage = 'final'
    for (const session of this.#sessions.keys()) {
      if (announced) session.close()
      else this.#goaway(session)
    }
  }

  #goaway (session: ServerHttp2Session): void {
    /* c8 ignore next -- a session is forgotten on its 'close', which Node emits just after destroying it; only that gap reaches here */
    if (session.closed || session.destroyed) return
    session.goaway(http2.constants.NGHTTP2_NO_ERROR, ANY_STREAM)
    if (this.#stage === 'final') this.#closeAfterRoundTrip(session)
  }

  #closeAfterRoundTrip (session: ServerHttp2Session): void {
    const close = (): void => {
      clearTimeout(timer)
      this.#awaitingRoundTrip.delete(session)
      session.close()
    }
    // Not unref()'d, unlike every other timer here: a shutdown is waiting on it, and it may be the
    // only thing left to hold the event loop (a Node client's idle session did not): unref()'d, an
    // app.close() in a test process never resolved, the process ended first, without its onClose
    // hooks. It lasts at most the bound, and stop() clears it.
    const timer = setTimeout(close, GOAWAY_ROUND_TRIP_BOUND)
    this.#awaitingRoundTrip.set(session, close)
    // A ping that cannot be sent (too many unanswered) is left to the bound.
    session.ping(close)
  }

  /** Ends a long-lived stream still open at its bound: a reset, the only way to stop a stream now. */
  cut (stream: ServerHttp2Stream): void {
    stream.close(NGHTTP2_CANCEL)
  }

  /** The server is closing: the final GOAWAY goes now to every session still waiting for its PING. */
  stop (): void {
    for (const close of [...this.#awaitingRoundTrip.values()]) close()
  }
}

function requestLine (headers: IncomingHttpHeaders): { method: string, url: string } {
  const method = headers[':method']
  const url = headers[':path']
  /* c8 ignore next 2 -- every HTTP/2 request has both pseudo-headers (Node refuses one without); the types allow undefined */
  return { method: typeof method === 'string' ? method : '', url: typeof url === 'string' ? url : '' }
}
