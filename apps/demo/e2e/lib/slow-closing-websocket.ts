// A WebSocket client on a slow link: it answers the server's close frame only `answerAfterMs`
// later (RFC 6455 lets it take its time), so the server's drain waits for it within
// LONG_LIVED_TIMEOUT_MS. On a raw socket, because a library client answers a close frame at once.
import { connect, type Socket } from 'node:net'
import { once } from 'node:events'

export interface SlowClosingSocket {
  /** Resolves with the close code the server sent, once its close frame arrived. */
  closeFrame: Promise<number>
  /** Resolves once the TCP connection is closed. */
  closed: Promise<void>
  destroy: () => void
}

/** Opens /api/ws on 127.0.0.1:`port` and resolves once the 101 is in. */
export async function openSlowClosingSocket (port: number, answerAfterMs: number): Promise<SlowClosingSocket> {
  const socket: Socket = connect(port, '127.0.0.1')
  await once(socket, 'connect')
  socket.write([
    'GET /api/ws HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='
  ].join('\r\n') + '\r\n\r\n')
  const closed = new Promise<void>(resolve => { socket.once('close', () => { resolve() }) })
  let buffered = Buffer.alloc(0)
  let upgraded = false
  let onUpgrade: () => void = () => {}
  let onCloseFrame: (code: number) => void = () => {}
  const upgradedPromise = new Promise<void>((resolve, reject) => {
    onUpgrade = resolve
    socket.once('close', () => { reject(new Error(`expected 101 Switching Protocols on port ${port}; the connection closed first`)) })
  })
  const closeFrame = new Promise<number>(resolve => { onCloseFrame = resolve })
  socket.on('error', () => {}) // the test reads the outcome from closeFrame/closed
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk])
    if (!upgraded) {
      const end = buffered.indexOf('\r\n\r\n')
      if (end === -1) return
      if (!buffered.subarray(0, end).toString('latin1').startsWith('HTTP/1.1 101')) {
        socket.destroy()
        return
      }
      upgraded = true
      buffered = buffered.subarray(end + 4)
      onUpgrade()
    }
    // Server frames are unmasked: opcode, then a 7-bit, 16-bit or 64-bit length, then the payload.
    while (buffered.length >= 2) {
      const opcode = (buffered[0] as number) & 0x0f
      let length = (buffered[1] as number) & 0x7f
      let offset = 2
      if (length === 126) {
        if (buffered.length < 4) return
        length = buffered.readUInt16BE(2)
        offset = 4
      } else if (length === 127) {
        if (buffered.length < 10) return
        length = Number(buffered.readBigUInt64BE(2))
        offset = 10
      }
      if (buffered.length < offset + length) return
      const payload = buffered.subarray(offset, offset + length)
      buffered = buffered.subarray(offset + length)
      if (opcode === 0x8) {
        onCloseFrame(payload.length >= 2 ? payload.readUInt16BE(0) : 1005)
        setTimeout(() => {
          // A client's frames are masked (RFC 6455 §5.3): close 1000, masked with a zero key.
          socket.write(Buffer.from([0x88, 0x82, 0, 0, 0, 0, 0x03, 0xe8]))
        }, answerAfterMs)
      }
    }
  })
  await upgradedPromise
  return { closeFrame, closed, destroy: () => { socket.destroy() } }
}
