import type { EventEmitter } from 'node:events'
import type { Socket } from 'node:net'

/** The server events through which Node hands a socket to its new owner. */
const UPGRADE_EVENTS = ['upgrade', 'connect'] as const

/**
 * Calls `onUpgrade` with every socket the server hands to an 'upgrade' or 'connect' listener,
 * through a listener of its own that exists only while the app has one for that event: Node
 * takes a socket over only when someone listens (otherwise it destroys it), so a listener of ours
 * alone would make Node hand over sockets nobody owns. Costs nothing per request.
 */
export function watchUpgrades (server: EventEmitter, onUpgrade: (socket: Socket) => void): void {
  const ours = (_req: unknown, socket: Socket): void => { onUpgrade(socket) }
  const installed = (event: string): boolean => server.listeners(event).includes(ours)
  const sync = (event: string): void => {
    const others = server.listenerCount(event) - (installed(event) ? 1 : 0)
    if (others > 0 && !installed(event)) server.prependListener(event, ours)
    else if (others === 0 && installed(event)) server.removeListener(event, ours)
  }
  server.on('newListener', (event: string | symbol, listener: unknown) => {
    // 'newListener' fires before the listener is added: ours goes in first, so it runs first.
    if (listener !== ours && (UPGRADE_EVENTS as readonly unknown[]).includes(event) && !installed(event as string)) {
      server.prependListener(event, ours)
    }
  })
  server.on('removeListener', (event: string | symbol, listener: unknown) => {
    if (listener !== ours && (UPGRADE_EVENTS as readonly unknown[]).includes(event)) sync(event as string)
  })
  for (const event of UPGRADE_EVENTS) sync(event)
}
