import { Agent, WebSocket } from 'undici'
import type { ClientTls } from './clients.js'

export interface OpenSocket {
  socket: WebSocket
  /** The next message from the server, parsed (every server message is JSON text). */
  next: () => Promise<Record<string, any>>
  closed: Promise<{ code: number, reason: string }>
}

/**
 * A WebSocket to /api/ws from undici's client (the browser's API), opened; `wss:` with `tls`, over a
 * connection whose ALPN offers http/1.1 only (undici's default), as a browser's WebSocket does.
 */
export async function openSocket (port: number, tls?: ClientTls): Promise<OpenSocket> {
  const socket = tls === undefined
    ? new WebSocket(`ws://127.0.0.1:${port}/api/ws`)
    : new WebSocket(`wss://127.0.0.1:${port}/api/ws`, { dispatcher: new Agent({ connect: { ca: tls.ca } }) })
  const messages: Array<Record<string, any>> = []
  const waiting: Array<(message: Record<string, any>) => void> = []
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(event.data as string) as Record<string, any>
    const waiter = waiting.shift()
    if (waiter === undefined) messages.push(message)
    else waiter(message)
  })
  const closed = new Promise<{ code: number, reason: string }>(resolve => {
    socket.addEventListener('close', (event) => { resolve({ code: event.code, reason: event.reason }) })
  })
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => { resolve() })
    socket.addEventListener('error', () => { reject(new Error('the WebSocket did not open')) })
  })
  return {
    socket,
    next: async () => await new Promise(resolve => {
      const message = messages.shift()
      if (message === undefined) waiting.push(resolve)
      else resolve(message)
    }),
    closed
  }
}
