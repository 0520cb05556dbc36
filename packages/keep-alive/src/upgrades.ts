import type { EventEmitter } from 'node:events'
import type { IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'

/** The server events through which Node hands a socket to its new owner. */
const UPGRADE_EVENTS = ['upgrade', 'connect'] as const

/**
 * Calls `onUpgrade` with every socket the server hands to an 'upgrade' or 'connect' listener (and
 * the event and request that handed it over),
 * through a listener of its own that exists only while the app has one for that event: Node
 * takes a socket over only when someone listens (otherwise it destroys it), so a listener of ours
 * alone would make Node hand over sockets nobody owns. Costs nothing per request.
 */
export function watchUpgrades (
  server: EventEmitter,
  onUpgrade: (socket: Socket, event: UpgradeEvent, request: IncomingMessage) => void
): void {
  const ours: Record<UpgradeEvent, (request: IncomingMessage, socket: Socket) => void> = {
    upgrade: (request, socket) => { onUpgrade(socket, 'upgrade', request) },
    connect: (request, socket) => { onUpgrade(socket, 'connect', request) }
  }
  const isOurs = (listener: unknown): boolean => listener === ours.upgrade || listener === ours.connect
  const installed = (event: UpgradeEvent): boolean => server.listeners(event).includes(ours[event])
  const sync = (event: UpgradeEvent): void => {
    const others = server.listenerCount(event) - (installed(event) ? 1 : 0)
    if (others > 0 && !installed(event)) server.prependListener(event, ours[event])
    else if (others === 0 && installed(event)) server.removeListener(event, ours[event])
  }
  server.on('newListener', (event: string | symbol, listener: unknown) => {
    // 'newListener' fires before the listener is added: ours goes in first, so it runs first.
    if (!isOurs(listener) && isUpgradeEvent(event) && !installed(event)) server.prependListener(event, ours[event])
  })
  server.on('removeListener', (event: string | symbol, listener: unknown) => {
    if (!isOurs(listener) && isUpgradeEvent(event)) sync(event)
  })
  for (const event of UPGRADE_EVENTS) sync(event)
}

type UpgradeEvent = typeof UPGRADE_EVENTS[number]

function isUpgradeEvent (event: string | symbol): event is UpgradeEvent {
  return (UPGRADE_EVENTS as readonly unknown[]).includes(event)
}
