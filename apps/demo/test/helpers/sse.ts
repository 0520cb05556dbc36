import { request, type IncomingHttpHeaders } from 'node:http'

export interface ServerSentEvent {
  event?: string
  data?: string
  retry?: number
}

export interface EventStream {
  status: number
  headers: IncomingHttpHeaders
  /** The next event (or field block, like the `retry:` one), in arrival order. */
  next: () => Promise<ServerSentEvent>
  /** Resolves with true once the response ended with its terminator, false when it was cut short. */
  ended: Promise<boolean>
  /** Every byte received so far. */
  text: () => string
  /** Leaves, as a browser tab that is closed. */
  close: () => void
}

function parse (block: string): ServerSentEvent {
  const event: ServerSentEvent = {}
  for (const line of block.split('\n')) {
    const colon = line.indexOf(':')
    const field = line.slice(0, colon)
    const value = line.slice(colon + 1).replace(/^ /, '')
    if (field === 'event') event.event = value
    if (field === 'data') event.data = event.data === undefined ? value : `${event.data}\n${value}`
    if (field === 'retry') event.retry = Number(value)
  }
  return event
}

/** GET /api/events over a real socket, read as an EventSource would, one block at a time. */
export async function openEvents (port: number, headers: Record<string, string> = { accept: 'text/event-stream' }): Promise<EventStream> {
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/events', headers, agent: false }, (res) => {
      res.setEncoding('utf8')
      let received = ''
      let buffered = ''
      const blocks: ServerSentEvent[] = []
      const waiting: Array<(event: ServerSentEvent) => void> = []
      res.on('data', (chunk: string) => {
        received += chunk
        buffered += chunk
        let end
        while ((end = buffered.indexOf('\n\n')) !== -1) {
          const event = parse(buffered.slice(0, end))
          buffered = buffered.slice(end + 2)
          const waiter = waiting.shift()
          if (waiter === undefined) blocks.push(event)
          else waiter(event)
        }
      })
      const ended = new Promise<boolean>((resolve) => {
        res.on('end', () => { resolve(res.complete) })
        res.on('close', () => { resolve(res.complete) })
      })
      resolve({
        status: res.statusCode!,
        headers: res.headers,
        next: async () => await new Promise(resolve => {
          const event = blocks.shift()
          if (event === undefined) waiting.push(resolve)
          else resolve(event)
        }),
        ended,
        text: () => received,
        close: () => { req.destroy() }
      })
    })
    req.on('error', reject)
    req.end()
  })
}
