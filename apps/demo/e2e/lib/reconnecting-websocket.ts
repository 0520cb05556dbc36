// A WebSocket user that stays connected the way a browser app does: when its socket closes it waits
// a short backoff and opens a new one, through the same address (a proxy, in a rolling restart).
// Every attempt is kept: which instance welcomed it (pid), how it ended (code, reason), and whether
// it ever got as far as the welcome. That is what tells a clean hand-over (1001, then a welcome from
// another instance) from a cut connection (1006) or a failed reconnect.
import { sleep } from './demo.js'
import { openDemoSocket, type DemoSocket, type SocketClose } from './websocket-client.js'

export interface Attempt {
  /** the pid of the instance that welcomed it; undefined: the attempt never got a welcome */
  pid: number | undefined
  /** how it ended; undefined: still open (only the last attempt) */
  close: SocketClose | undefined
  /** `stats` pushes received on it */
  stats: number
  /** the client's error event, if any */
  error: string | undefined
  /** the test closed it (stop()), not the server */
  closedByClient: boolean
}

export interface ReconnectingSocket {
  /** every attempt so far, oldest first */
  attempts: () => Attempt[]
  isConnected: () => boolean
  /** resolves once the first attempt is welcomed */
  firstWelcome: Promise<number>
  /** stops reconnecting and closes the socket from the client side (1000) */
  stop: () => Promise<void>
}

export interface ReconnectingSocketOptions {
  url: string
  /** wait this long after a close before reconnecting */
  backoffMs: number
  subscribe?: boolean
}

export function startReconnectingSocket (options: ReconnectingSocketOptions): ReconnectingSocket {
  const sockets: DemoSocket[] = []
  let stopping = false
  let closedByClient: DemoSocket | undefined
  let current = openDemoSocket(options.url, { subscribe: options.subscribe ?? false })
  sockets.push(current)
  const firstWelcome = current.welcome
  const loop = (async () => {
    while (true) {
      await current.closed
      if (stopping) return
      await sleep(options.backoffMs)
      if (stopping) return
      current = openDemoSocket(options.url, { subscribe: options.subscribe ?? false })
      sockets.push(current)
    }
  })()
  return {
    attempts: () => sockets.map(socket => ({ pid: socket.pid, close: socket.closeInfo, stats: socket.stats, error: socket.error, closedByClient: socket === closedByClient })),
    isConnected: () => current.isConnected(),
    firstWelcome,
    stop: async () => {
      stopping = true
      // A client-side close, so it is never mistaken for one the server started.
      if (current.closeInfo === undefined) {
        closedByClient = current
        current.ws.close(1000, 'test done')
      }
      await current.closed
      await loop
    }
  }
}
