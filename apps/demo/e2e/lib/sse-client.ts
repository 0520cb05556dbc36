// One server-sent-events stream (GET with `Accept: text/event-stream`) read with undici's own client,
// its own connection, no EventSource: no reconnect to hide how the stream ended. The parser follows
// the event-stream format (fields `event`, `data`, `id`, `retry`; a blank line dispatches; `:` is a
// comment). How it ends is the point: undici ends the body only after the chunked terminator
// (`0\r\n\r\n`); a connection closed or reset before it makes the body fail ("other side closed").
import { Client } from 'undici'

export interface StreamEvent {
  event: string
  data: string
  /** performance.now() when it was parsed */
  atMs: number
}

export interface StreamEnd {
  /** the body finished without an error: the server ended the response */
  clean: boolean
  error: string | undefined
  atMs: number
}

export interface EventStream {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** the last `retry:` field, if any */
  readonly retry: number | undefined
  readonly events: StreamEvent[]
  /** resolves at the first event named `name` (rejects if the stream ends first) */
  next: (name: string) => Promise<StreamEvent>
  /** always resolves, with how the body ended */
  ended: Promise<StreamEnd>
  /** destroys the stream from the client side (teardown) */
  close: () => Promise<void>
}

export interface EventStreamOptions {
  origin: string
  path: string
  /** no byte for this long fails the body (undici's bodyTimeout) */
  idleTimeoutMs?: number
}

/** Opens the stream and resolves once the response head has arrived. */
export async function openEventStream (options: EventStreamOptions): Promise<EventStream> {
  const client = new Client(options.origin, {
    headersTimeout: 10_000,
    bodyTimeout: options.idleTimeoutMs ?? 30_000
  })
  let response: Awaited<ReturnType<Client['request']>>
  try {
    response = await client.request({ path: options.path, method: 'GET', headers: { accept: 'text/event-stream' } })
  } catch (error) {
    await client.destroy()
    throw error
  }
  const events: StreamEvent[] = []
  const waiters: Array<{ name: string, resolve: (event: StreamEvent) => void, reject: (error: Error) => void }> = []
  let retry: number | undefined
  let finished: StreamEnd | undefined
  let buffer = ''
  let eventName = ''
  let data: string[] = []

  const dispatch = (): void => {
    if (data.length > 0) {
      const event: StreamEvent = { event: eventName === '' ? 'message' : eventName, data: data.join('\n'), atMs: performance.now() }
      events.push(event)
      for (const waiter of waiters.filter(w => w.name === event.event)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        waiter.resolve(event)
      }
    }
    eventName = ''
    data = []
  }
  const parseLine = (line: string): void => {
    if (line === '') {
      dispatch()
      return
    }
    if (line.startsWith(':')) return
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') eventName = value
    else if (field === 'data') data.push(value)
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value)
  }

  const body = response.body
  body.setEncoding('utf8')
  body.on('data', (chunk: string) => {
    buffer += chunk
    let lineEnd: RegExpExecArray | null
    const newline = /\r\n|\n|\r/g
    let consumed = 0
    while ((lineEnd = newline.exec(buffer)) !== null) {
      // A lone \r at the very end may be the first half of \r\n: wait for the next chunk.
      if (lineEnd[0] === '\r' && lineEnd.index === buffer.length - 1) break
      parseLine(buffer.slice(consumed, lineEnd.index))
      consumed = lineEnd.index + lineEnd[0].length
    }
    buffer = buffer.slice(consumed)
  })
  const ended = new Promise<StreamEnd>(resolve => {
    const finish = (error: Error | undefined): void => {
      if (finished !== undefined) return
      finished = {
        clean: error === undefined,
        error: error === undefined ? undefined : `${(error as NodeJS.ErrnoException).code ?? error.name}: ${error.message}`,
        atMs: performance.now()
      }
      for (const waiter of waiters.splice(0)) waiter.reject(new Error(`the stream ended before an \`${waiter.name}\` event (${finished.error ?? 'clean end'})`))
      resolve(finished)
    }
    body.on('end', () => finish(undefined))
    body.on('error', error => finish(error))
    // 'close' without 'end' or 'error': the test destroyed it.
    body.on('close', () => finish(new Error('closed by the client')))
  })
  ended.then(async () => await client.close(), () => {}).catch(() => {})

  return {
    status: response.statusCode,
    headers: response.headers,
    get retry () { return retry },
    events,
    next: async (name: string) => {
      const seen = events.find(event => event.event === name)
      if (seen !== undefined) return seen
      if (finished !== undefined) throw new Error(`the stream ended before an \`${name}\` event (${finished.error ?? 'clean end'})`)
      return await new Promise<StreamEvent>((resolve, reject) => waiters.push({ name, resolve, reject }))
    },
    ended,
    close: async () => {
      body.destroy()
      await ended
      await client.destroy()
    }
  }
}
