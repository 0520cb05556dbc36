import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * What a connection that never goes idle is: a WebSocket, another protocol an 'upgrade' listener
 * took over, a CONNECT tunnel, or an HTTP response that streams until someone ends it (SSE, long
 * poll, a streamed download).
 */
export type LongLivedKind = 'websocket' | 'upgraded' | 'tunnel' | 'stream'

/** A long-lived connection, for logs and for the shutdown's bound. */
export interface LongLivedConnection {
  kind: LongLivedKind
  method: string
  url: string
  /** Milliseconds since the connection was accepted. */
  connectionAgeMs: number
}

/** The request that handed a socket to an 'upgrade' or 'connect' listener. */
export interface Handover {
  kind: 'websocket' | 'upgraded' | 'tunnel'
  method: string
  url: string
}

export function handoverOf (event: 'upgrade' | 'connect', request: IncomingMessage): Handover {
  /* c8 ignore next 2 -- Node always sets both on a server request; the types allow undefined */
  const method = request.method ?? ''
  const url = request.url ?? ''
  if (event === 'connect') return { kind: 'tunnel', method, url }
  const protocol = request.headers.upgrade
  return { kind: typeof protocol === 'string' && protocol.toLowerCase() === 'websocket' ? 'websocket' : 'upgraded', method, url }
}

/**
 * Whether a response in flight is a stream rather than a request being answered: marked by its
 * handler, or asked for as an event stream (EventSource always sends `Accept: text/event-stream`).
 * The response's own headers are no guide: Fastify passes them to writeHead(), which keeps no copy
 * that getHeader() could read.
 */
export function isStream (response: ServerResponse, marked: WeakSet<ServerResponse>): boolean {
  if (marked.has(response)) return true
  const accept = response.req.headers.accept
  return typeof accept === 'string' && accept.includes('text/event-stream')
}
