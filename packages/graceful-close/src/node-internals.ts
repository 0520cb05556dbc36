import http from 'node:http'
import net from 'node:net'

// graceful-close's one reliance on how Node builds http.Server: its close() is net.Server's close
// plus closeIdleConnections() (Node >= 19), and net.Server's own close, applied to it, stops
// accepting without touching a connection. Probed once at register time on a throwaway server (no
// port is opened); where it does not hold, the public close() is used and one warning says what
// that costs. The connection tracking itself is @groundwork/keep-alive's, which has its own probe.

export interface NodeInternals {
  /** Stops accepting connections and leaves every open one, idle ones included, to the drain. */
  stopAccepting: (server: net.Server) => void
  /** One sentence per private behaviour this Node lacks, with its fallback; empty on the private path. */
  fallbacks: string[]
}

/** Whether net.Server's close can be applied to this Node's http.Server without it ending any connection. */
export function probe (createServer: () => http.Server = () => http.createServer()): boolean {
  try {
    const server = createServer()
    let endsConnections = false
    server.closeIdleConnections = () => { endsConnections = true }
    net.Server.prototype.close.call(server)
    return server instanceof net.Server && !endsConnections
  } catch {
    return false
  }
}

/** The accessors for what the probe found. */
export function nodeInternals (netCloseApplies: boolean): NodeInternals {
  if (netCloseApplies) {
    return { stopAccepting: server => { net.Server.prototype.close.call(server) }, fallbacks: [] }
  }
  return {
    stopAccepting: server => { server.close() },
    fallbacks: ['net.Server#close on an http.Server (stops accepting, ends no connection): the listener is closed with server.close(), which on Node >= 19 also ends idle keep-alive connections at once, so closeIdleAfter cannot keep them open']
  }
}

/** Probes this Node once and returns its accessors. */
export function probeNodeInternals (): NodeInternals {
  return nodeInternals(probe())
}
