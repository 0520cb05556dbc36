import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'

/**
 * Every access to Node's private state in this package. Lingering close (linger.ts) needs two
 * things Node's http server does not make public: which response is being written on a socket,
 * and taking back the `destroy()` that `socket.destroySoon()` queues once the response is
 * written. Both are probed on real objects when the plugin registers; when either is missing, the
 * public fallback lingers never, and the plugin says so once.
 */
export interface NodeInternals {
  /** The response Node is writing on the request's socket, if it can be told. */
  responseOf: (request: IncomingMessage) => ServerResponse | undefined
  /** Takes back the `destroy()` that `destroySoon()` queued for 'finish'; false when there was none. */
  cancelQueuedDestroy: (socket: Socket) => boolean
}

/** Which private behaviours this Node has. */
export interface InternalsProbe {
  /** `socket._httpMessage`: the http server's response on a socket. */
  socketResponse: boolean
  /** `socket.destroySoon()` ends the socket and queues `socket.destroy` as a 'finish' listener. */
  destroySoonOnFinish: boolean
}

export interface FoundInternals {
  internals: NodeInternals
  /** Why the public fallback is in use (a sentence for the one warning), or undefined. */
  fallback: string | undefined
}

/** Node's http server keeps the response being written on its socket (the keep-alive package reads it too). */
type SocketWithResponse = Socket & { _httpMessage?: ServerResponse | null }
type SocketEndingSoon = Socket & { destroySoon?: () => void }

export const PRIVATE: NodeInternals = {
  responseOf: request => (request.socket as SocketWithResponse)._httpMessage ?? undefined,
  cancelQueuedDestroy: socket => {
    const listeners = socket.listenerCount('finish')
    socket.removeListener('finish', socket.destroy)
    return socket.listenerCount('finish') !== listeners
  }
}

/** No public API names the response from its request: nothing lingers, Node closes as it always did. */
export const PUBLIC: NodeInternals = {
  responseOf: () => undefined,
  cancelQueuedDestroy: () => false
}

/** Probes a throwaway, never-connected socket and response (no I/O, no handle left behind). */
export function probeNodeInternals (): InternalsProbe {
  return { socketResponse: probeSocketResponse(), destroySoonOnFinish: probeDestroySoon() }
}

function probeSocketResponse (): boolean {
  const socket = new Socket()
  try {
    const response = new ServerResponse(new IncomingMessage(socket))
    response.assignSocket(socket)
    const found = (socket as SocketWithResponse)._httpMessage === response
    response.detachSocket(socket)
    return found
  /* c8 ignore next 3 -- the catch: only a Node whose http internals changed throws here */
  } catch {
    return false
  } finally {
    socket.destroy()
  }
}

function probeDestroySoon (): boolean {
  const socket = new Socket() as SocketEndingSoon
  try {
    socket.destroySoon?.()
    return socket.listeners('finish').includes(socket.destroy)
  } finally {
    socket.removeListener('finish', socket.destroy)
    socket.destroy()
  }
}

/** The accessors to use on this Node: the private ones when the probe finds them, else the public fallback. */
export function nodeInternals (probe: InternalsProbe = probeNodeInternals()): FoundInternals {
  const missing: string[] = []
  if (!probe.socketResponse) missing.push("the socket's response (socket._httpMessage)")
  if (!probe.destroySoonOnFinish) missing.push('the destroy() that socket.destroySoon() queues')
  if (missing.length === 0) return { internals: PRIVATE, fallback: undefined }
  return { internals: PUBLIC, fallback: `this Node does not expose ${missing.join(' or ')}` }
}
