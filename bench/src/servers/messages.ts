// What the suite (processes.ts) and a server process (servers/child.ts) say to each other over IPC.

export interface ReadyMessage { type: 'ready', port: number }
export interface FailedMessage { type: 'failed', error: string }

/** From the server process to the suite. */
export type ChildMessage = ReadyMessage | FailedMessage | { type: 'collected' }

/** From the suite to the server process. */
export type ParentMessage = { type: 'gc' } | { type: 'stop' }

/**
 * The `type` of a message, or null for anything else. IPC delivers untyped values, but both ends are
 * this suite and send only the types above, so a known `type` means that message's shape.
 */
export function messageType (message: unknown): string | null {
  if (typeof message !== 'object' || message === null || !('type' in message)) return null
  return typeof message.type === 'string' ? message.type : null
}
