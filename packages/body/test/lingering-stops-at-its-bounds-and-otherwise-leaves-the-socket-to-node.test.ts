import t from 'tap'
import { EventEmitter } from 'node:events'
import type { IncomingMessage } from 'node:http'
import { LingeringClose } from '../src/linger.js'
import { PRIVATE } from '../src/node-internals.js'

// Stand-ins for the socket, response and request of Node's http server, with just what lingering
// touches, so each bound can be driven byte by byte.
class FakeSocket extends EventEmitter {
  destroyed = 0
  _httpMessage: EventEmitter | null = new EventEmitter()
  destroy (): this {
    this.destroyed++
    return this
  }

  /** What Node's http server does after a `Connection: close` response. */
  destroySoon (): void {
    this.once('finish', this.destroy)
  }
}

class FakeRequest extends EventEmitter {
  complete = false
  readableEnded = false
  resumed = false
  constructor (readonly socket: FakeSocket) { super() }
  resume (): this {
    this.resumed = true
    return this
  }
}

function rejected (lingering: LingeringClose, { endedByNode = true, bodyEndedMeanwhile = false } = {}) {
  const socket = new FakeSocket()
  const request = new FakeRequest(socket)
  lingering.afterRejecting(request as unknown as IncomingMessage)
  request.readableEnded = bodyEndedMeanwhile
  if (endedByNode) socket.destroySoon()
  socket._httpMessage?.emit('finish')
  return { socket, request }
}

t.test('past maxBytes discarded, the socket is destroyed', async t => {
  const { socket, request } = rejected(new LingeringClose({ timeoutMs: 60_000, maxBytes: 100 }, PRIVATE))
  t.ok(request.resumed, 'the rest of the body is read')
  t.equal(socket.listenerCount('finish'), 0, "Node's destroy on finish was taken away")
  request.emit('data', Buffer.alloc(60))
  t.equal(socket.destroyed, 0, 'within the bound')
  request.emit('data', Buffer.alloc(60))
  t.equal(socket.destroyed, 1, 'past the bound')
  t.equal(request.listenerCount('data'), 0)
  t.equal(request.listenerCount('end'), 0)
  t.equal(socket.listenerCount('close'), 0)
})

t.test('a client that goes away ends the lingering once, and closing the app later finds nothing to end', async t => {
  const lingering = new LingeringClose({ timeoutMs: 60_000, maxBytes: 100 }, PRIVATE)
  const { socket, request } = rejected(lingering)
  socket.emit('close')
  t.equal(socket.destroyed, 1)
  t.equal(request.listenerCount('data'), 0)
  lingering.endAll()
  t.equal(socket.destroyed, 1, 'not ended twice')
})

t.test('a body that ended while the answer was written closes the socket at once', async t => {
  const lingering = new LingeringClose({ timeoutMs: 60_000, maxBytes: 100 }, PRIVATE)
  const { socket, request } = rejected(lingering, { bodyEndedMeanwhile: true })
  t.equal(socket.destroyed, 1)
  t.notOk(request.resumed)
  t.equal(request.listenerCount('data'), 0)
  lingering.endAll()
  t.equal(socket.destroyed, 1, 'nothing left lingering')
})

t.test('a socket Node did not end with destroySoon is left to Node', async t => {
  const { socket, request } = rejected(new LingeringClose({ timeoutMs: 60_000, maxBytes: 100 }, PRIVATE), { endedByNode: false })
  t.notOk(request.resumed)
  t.equal(socket.destroyed, 0)
  t.equal(request.listenerCount('data'), 0)
})

t.test('nothing lingers for a body read to its end, a request with no response yet, or once the app is closing', async t => {
  const lingering = new LingeringClose({ timeoutMs: 60_000, maxBytes: 100 }, PRIVATE)
  const complete = new FakeRequest(new FakeSocket())
  complete.complete = true
  lingering.afterRejecting(complete as unknown as IncomingMessage)
  t.equal(complete.socket._httpMessage?.listenerCount('finish'), 0, 'complete body')

  const queued = new FakeRequest(new FakeSocket())
  queued.socket._httpMessage = null
  t.doesNotThrow(() => { lingering.afterRejecting(queued as unknown as IncomingMessage) }, 'pipelined, not answered yet')

  lingering.endAll()
  const late = new FakeRequest(new FakeSocket())
  lingering.afterRejecting(late as unknown as IncomingMessage)
  t.equal(late.socket._httpMessage?.listenerCount('finish'), 0, 'closing')
})
