// A raw-socket HTTP/1.1 client: it sends exactly the bytes it is given (no normalisation of paths,
// headers or framing, which fetch/undici would do) and parses whatever comes back.
import { connect } from 'node:net'

export interface RawResponse {
  status: number
  statusText: string
  headers: Record<string, string>
  body: Buffer
}

export interface RawResult {
  responses: RawResponse[]
  /** every byte the server sent */
  raw: Buffer
  /** the server ended or reset the connection (rather than our timeout) */
  closedByServer: boolean
  /** a socket error, e.g. ECONNRESET or EPIPE while we were still writing */
  error?: string
}

export interface RawOptions {
  /** hard bound on the whole exchange */
  timeoutMs?: number
  /** after this many complete responses, wait `settleMs` for anything extra, then finish */
  expectResponses?: number
  settleMs?: number
  /**
   * Once this many bytes are written, wait up to `answerWaitMs` for the server to answer before
   * writing the rest. A server that rejects an oversized body answers as soon as the limit passes
   * and then closes; a client still blasting bytes at that moment races the close and may see only
   * the reset (Node drops a socket's unread data on a write error). Like curl, we give it the chance.
   */
  awaitAnswerAfterBytes?: number
  answerWaitMs?: number
}

/** Sends `parts` in order (each its own write) and collects responses until the server closes or the bounds hit. */
export async function rawExchange (port: number, parts: Array<string | Buffer>, options: RawOptions = {}): Promise<RawResult> {
  const timeoutMs = options.timeoutMs ?? 10_000
  const expectResponses = options.expectResponses ?? 1
  const settleMs = options.settleMs ?? 300
  return await new Promise(resolve => {
    const socket = connect({ port, host: '127.0.0.1' })
    const chunks: Buffer[] = []
    let error: string | undefined
    let finished = false
    let settleTimer: NodeJS.Timeout | undefined
    const finish = (closedByServer: boolean): void => {
      if (finished) return
      finished = true
      clearTimeout(hardTimer)
      clearTimeout(settleTimer)
      socket.destroy()
      const raw = Buffer.concat(chunks)
      const result: RawResult = { responses: parseResponses(raw), raw, closedByServer }
      if (error !== undefined) result.error = error
      resolve(result)
    }
    const hardTimer = setTimeout(() => finish(false), timeoutMs)
    socket.on('data', chunk => {
      chunks.push(chunk)
      if (parseResponses(Buffer.concat(chunks), true).length >= expectResponses) {
        clearTimeout(settleTimer)
        settleTimer = setTimeout(() => finish(false), settleMs)
      }
    })
    socket.on('error', err => { error = (err as NodeJS.ErrnoException).code ?? err.message })
    socket.on('close', () => finish(true))
    socket.on('connect', () => {
      // Large bodies go out in 64 KiB writes, each after the previous one was flushed, and stop
      // once the server has answered: like curl, we keep reading while we send, so an early 413
      // is seen before the server's close turns our next write into EPIPE.
      const pieces = parts.flatMap(part => {
        const buffer = Buffer.isBuffer(part) ? part : Buffer.from(part, 'latin1')
        const split: Buffer[] = []
        for (let offset = 0; offset < buffer.length; offset += 64 * 1024) split.push(buffer.subarray(offset, offset + 64 * 1024))
        return split
      })
      let written = 0
      let waitedForAnswer = false
      const writeNext = (index: number): void => {
        if (index >= pieces.length || chunks.length > 0 || socket.destroyed || socket.writableEnded) return
        if (!waitedForAnswer && options.awaitAnswerAfterBytes !== undefined && written >= options.awaitAnswerAfterBytes) {
          waitedForAnswer = true
          setTimeout(writeNext, options.answerWaitMs ?? 1000, index)
          return
        }
        const piece = pieces[index] as Buffer
        written += piece.length
        // setImmediate: let the poll phase read an answer before the next write can hit EPIPE
        // (Node destroys a socket on a write error, dropping what it had not read yet).
        socket.write(piece, error => { if (error == null) setImmediate(writeNext, index + 1) })
      }
      writeNext(0)
    })
  })
}

/** Shorthand for one request with `Connection: close`. */
export async function rawRequest (port: number, method: string, target: string, headers: Record<string, string> = {}, body?: Buffer | string, options?: RawOptions): Promise<RawResult> {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close']
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`)
  if (body !== undefined && headers['Content-Length'] === undefined && headers['Transfer-Encoding'] === undefined) {
    lines.push(`Content-Length: ${Buffer.byteLength(body)}`)
  }
  const head = lines.join('\r\n') + '\r\n\r\n'
  return await rawExchange(port, body === undefined ? [head] : [head, body], options)
}

/**
 * Parses consecutive HTTP/1.1 responses. With `completeOnly`, a response whose body has not fully
 * arrived is left out; otherwise it is returned with what arrived.
 */
export function parseResponses (raw: Buffer, completeOnly = false): RawResponse[] {
  const responses: RawResponse[] = []
  let offset = 0
  while (offset < raw.length) {
    const headEnd = raw.indexOf('\r\n\r\n', offset)
    if (headEnd === -1) break
    const [statusLine = '', ...headerLines] = raw.subarray(offset, headEnd).toString('latin1').split('\r\n')
    const match = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(statusLine)
    if (match === null) break
    const headers: Record<string, string> = {}
    for (const line of headerLines) {
      const colon = line.indexOf(':')
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    const status = Number(match[1])
    let bodyStart = headEnd + 4
    let body: Buffer
    let complete = true
    if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
      body = Buffer.alloc(0)
    } else if (headers['transfer-encoding']?.toLowerCase().includes('chunked') === true) {
      const parts: Buffer[] = []
      complete = false
      while (true) {
        const lineEnd = raw.indexOf('\r\n', bodyStart)
        if (lineEnd === -1) break
        const size = parseInt(raw.subarray(bodyStart, lineEnd).toString('latin1'), 16)
        if (Number.isNaN(size)) break
        if (size === 0) {
          // The last chunk, optional trailers, then an empty line.
          const end = raw.subarray(lineEnd + 2, lineEnd + 4).toString('latin1') === '\r\n'
            ? lineEnd + 4
            : raw.indexOf('\r\n\r\n', lineEnd + 2) + 4
          if (end < 4 || end > raw.length) break
          bodyStart = end
          complete = true
          break
        }
        parts.push(raw.subarray(lineEnd + 2, Math.min(raw.length, lineEnd + 2 + size)))
        bodyStart = lineEnd + 2 + size + 2
        if (bodyStart > raw.length) break
      }
      body = Buffer.concat(parts)
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length'])
      body = raw.subarray(bodyStart, Math.min(raw.length, bodyStart + length))
      complete = body.length === length
      bodyStart += length
    } else {
      // Framed by the close of the connection.
      body = raw.subarray(bodyStart)
      bodyStart = raw.length
    }
    if (!complete && completeOnly) break
    responses.push({ status, statusText: match[2] ?? '', headers, body })
    if (!complete) break
    offset = bodyStart
  }
  return responses
}

/** "status 400 (body: ...)" for failure messages. */
export function describe (result: RawResult): string {
  if (result.responses.length === 0) {
    return `no response (server closed: ${String(result.closedByServer)}, error: ${result.error ?? 'none'}, ${result.raw.length} bytes: ${JSON.stringify(result.raw.subarray(0, 200).toString('latin1'))})`
  }
  return result.responses
    .map(r => `status ${r.status} (body: ${JSON.stringify(r.body.subarray(0, 300).toString('utf8'))})`)
    .join(', then ')
}

/**
 * A WebSocket opening handshake (RFC 6455 §4.1) on a raw socket, to read the status line and headers
 * of whatever answers it: a 101 is followed by frames, anything else is an ordinary HTTP response.
 */
export async function rawUpgrade (port: number, target: string, options?: RawOptions): Promise<RawResult> {
  const head = [
    `GET ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    // The sample nonce of RFC 6455 §1.3: any 16 bytes in base64 will do.
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='
  ].join('\r\n') + '\r\n\r\n'
  return await rawExchange(port, [head], options)
}
