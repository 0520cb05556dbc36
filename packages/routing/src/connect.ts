import http from 'node:http'
import https from 'node:https'
import type { Duplex } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { GW_ROUTING_CONNECT_NOT_ALLOWED } from './errors.js'
import type { RoutingCounters } from './metrics.js'

/**
 * How long a refused CONNECT's socket stays open for reading after the answer, and how much of what the client
 * still sends is read and dropped meanwhile. A client that sent tunnel bytes early (beyond `head`) would otherwise
 * get a reset when the socket closes with them unread, and could lose the answer. Bounded, so a drain or a client
 * that never closes waits at most this long.
 */
export const CONNECT_LINGER_MS = 2000
export const CONNECT_LINGER_BYTES = 64 * 1024

/** The 405 in Fastify's error shape, written by hand: the socket never reaches Fastify, so no reply exists. */
function refusal (): string {
  const error = new GW_ROUTING_CONNECT_NOT_ALLOWED()
  const body = JSON.stringify({
    statusCode: error.statusCode,
    code: error.code,
    error: http.STATUS_CODES[405],
    message: error.message
  })
  // An empty Allow: the target of a CONNECT is another host's port, and no method is served for it here.
  return 'HTTP/1.1 405 Method Not Allowed\r\n' +
    'Allow: \r\n' +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `Date: ${new Date().toUTCString()}\r\n` +
    'Connection: close\r\n' +
    '\r\n' +
    body
}

/**
 * node:http emits 'connect' for a CONNECT request and, when nothing listens, destroys the socket: the client sees
 * the connection drop without an answer. This answers 405 instead, on http and https servers whose 'connect' event
 * nobody else listens to when the app is ready (a proxy of the user's keeps working), and steps aside at request
 * time if a listener was added after it (listeners prepended before it only watch). The listener is removed, and lingering sockets are closed, as the app closes.
 */
export function refuseConnect (fastify: FastifyInstance, counters: RoutingCounters): void {
  const candidate: unknown = fastify.server
  if (!(candidate instanceof http.Server) && !(candidate instanceof https.Server)) return
  const server: http.Server | https.Server = candidate
  const lingering = new Set<Duplex>()

  function onConnect (request: http.IncomingMessage, socket: Duplex): void {
    // A listener added after ours (server.on) owns the socket. One put before it (prependListener) is an
    // observer, like @groundwork/keep-alive's tracker noting which sockets were handed over: ours still answers.
    const listeners = server.listeners('connect')
    if (listeners[listeners.length - 1] !== onConnect) return
    counters.connectRefused++
    fastify.log.debug({ method: request.method, url: request.url }, 'CONNECT refused: this server is not a proxy')
    // Half-open (http.Server sockets allow it): the FIN follows the answer, and the socket closes by itself once
    // the client ends too, or when the linger bound is reached.
    const timer = setTimeout(() => socket.destroy(), CONNECT_LINGER_MS)
    timer.unref()
    lingering.add(socket)
    socket.once('close', () => {
      clearTimeout(timer)
      lingering.delete(socket)
    })
    // Node removed its own listeners when it detached the parser: a reset from the client must not crash the app.
    socket.on('error', () => { socket.destroy() })
    let read = 0
    socket.on('data', (chunk: Buffer) => {
      read += chunk.length
      if (read > CONNECT_LINGER_BYTES) socket.destroy()
    })
    socket.end(refusal())
  }

  fastify.addHook('onReady', async () => {
    if (server.listenerCount('connect') === 0) server.on('connect', onConnect)
  })
  // preClose, not onClose: server.close() waits for every socket, lingering ones included, before onClose runs.
  fastify.addHook('preClose', async () => {
    server.off('connect', onConnect)
    for (const socket of lingering) socket.destroy()
  })
}
