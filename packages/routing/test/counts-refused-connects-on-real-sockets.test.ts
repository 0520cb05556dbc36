import t from 'tap'
import Fastify from 'fastify'
import routing from '../src/index.js'
import { CONNECT_REQUEST, connect, listen, readUntilEnd, untilNoConnection } from './fixtures/raw-connect.js'

t.test('a CONNECT refused on a real socket is counted once', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  const port = await listen(app)
  for (let n = 1; n <= 2; n++) {
    const socket = await connect(port)
    socket.write(CONNECT_REQUEST)
    t.match(await readUntilEnd(socket), /^HTTP\/1\.1 405 /)
    await untilNoConnection(app)
    t.equal(app.routingMetrics.connectRefused, n)
  }
  t.same({ ...app.routingMetrics, connectRefused: 0 }, {
    notFound: 0, methodNotAllowed: 0, optionsAnswered: 0, trailingSlashRedirects: 0, uriTooLong: 0, connectRefused: 0
  }, 'nothing else moved')
})

t.test('a CONNECT handed to a listener of your own is not counted', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  await app.ready()
  app.server.on('connect', (_request, socket) => { socket.end('HTTP/1.1 200 Connection Established\r\n\r\n') })
  const port = await listen(app)
  const socket = await connect(port)
  socket.write(CONNECT_REQUEST)
  t.match(await readUntilEnd(socket), /^HTTP\/1\.1 200 /)
  t.equal(app.routingMetrics.connectRefused, 0)
})
