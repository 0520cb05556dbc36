// One WebSocket to the demo's /api/ws (undici's WebSocket, the WHATWG client) that records what a
// user would see: the `welcome` (which instance answered, by pid), the `stats` pushes, and how the
// connection ended. The close code and reason come from the server's close frame; a connection that
// ends without one is reported as 1006 by the client, which is what a shutdown must never cause.
import { WebSocket } from 'undici'

export interface SocketClose {
  code: number
  reason: string
  /** both close frames were exchanged before the TCP connection ended */
  wasClean: boolean
  /** performance.now() when the client saw the close */
  atMs: number
}

export interface DemoSocket {
  ws: WebSocket
  /** the pid from the server's `welcome`, once it came */
  readonly pid: number | undefined
  /** `stats` messages received so far */
  readonly stats: number
  /** performance.now() when the `welcome` arrived */
  readonly welcomedAtMs: number | undefined
  /** the first error event, if any (undici reports failed handshakes and broken connections there) */
  readonly error: string | undefined
  /** resolves with the pid of the `welcome`; rejects if the socket closes before it */
  welcome: Promise<number>
  /** resolves once `stats` messages have arrived; rejects if the socket closes before */
  firstStats: Promise<void>
  /** always resolves, with how the connection ended */
  closed: Promise<SocketClose>
  readonly closeInfo: SocketClose | undefined
  /** true while the socket is open and welcomed */
  isConnected: () => boolean
}

export interface DemoSocketOptions {
  /** send `{"type":"subscribe","topic":"stats"}` once welcomed */
  subscribe?: boolean
}

/** Opens a WebSocket to `url` (ws://host:port/api/ws) and records its life. */
export function openDemoSocket (url: string, options: DemoSocketOptions = {}): DemoSocket {
  const ws = new WebSocket(url)
  let pid: number | undefined
  let stats = 0
  let welcomedAtMs: number | undefined
  let error: string | undefined
  let closeInfo: SocketClose | undefined
  let resolveWelcome!: (pid: number) => void
  let rejectWelcome!: (error: Error) => void
  let resolveStats!: () => void
  let rejectStats!: (error: Error) => void
  const welcome = new Promise<number>((resolve, reject) => { resolveWelcome = resolve; rejectWelcome = reject })
  const firstStats = new Promise<void>((resolve, reject) => { resolveStats = resolve; rejectStats = reject })
  // Nobody may be waiting on these when a test only looks at `closed`.
  welcome.catch(() => {})
  firstStats.catch(() => {})

  ws.addEventListener('message', event => {
    if (typeof event.data !== 'string') return
    let message: { type?: unknown, pid?: unknown }
    try {
      message = JSON.parse(event.data) as { type?: unknown, pid?: unknown }
    } catch {
      return
    }
    if (message.type === 'welcome' && typeof message.pid === 'number' && pid === undefined) {
      pid = message.pid
      welcomedAtMs = performance.now()
      if (options.subscribe === true) ws.send(JSON.stringify({ type: 'subscribe', topic: 'stats' }))
      resolveWelcome(pid)
    } else if (message.type === 'stats') {
      stats++
      resolveStats()
    }
  })
  ws.addEventListener('error', event => {
    error ??= (event as unknown as { message?: string }).message ?? 'error event'
  })
  const closed = new Promise<SocketClose>(resolve => {
    ws.addEventListener('close', event => {
      closeInfo = { code: event.code, reason: event.reason, wasClean: event.wasClean, atMs: performance.now() }
      const early = new Error(`closed with ${event.code} ${JSON.stringify(event.reason)} before the expected message${error === undefined ? '' : ` (error: ${error})`}`)
      rejectWelcome(early)
      rejectStats(early)
      resolve(closeInfo)
    })
  })

  return {
    ws,
    get pid () { return pid },
    get stats () { return stats },
    get welcomedAtMs () { return welcomedAtMs },
    get error () { return error },
    welcome,
    firstStats,
    closed,
    get closeInfo () { return closeInfo },
    isConnected: () => pid !== undefined && closeInfo === undefined && ws.readyState === WebSocket.OPEN
  }
}
