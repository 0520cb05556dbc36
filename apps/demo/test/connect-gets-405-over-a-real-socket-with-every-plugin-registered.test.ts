import net, { type AddressInfo } from 'node:net'
import t from 'tap'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

// inject() never reaches node:http's 'connect' event, and the plugins meet there (routing answers,
// keep-alive's tracker watches): only a real socket shows what a client gets.
t.test('CONNECT to the composed demo is answered 405 in Fastify\'s error shape, then the socket ends', async t => {
  const app = await buildApp(loadConfig({}))
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const socket = net.connect(port, '127.0.0.1')
  socket.setEncoding('utf8')
  let received = ''
  socket.on('data', (chunk: string) => { received += chunk })
  const ended = new Promise(resolve => socket.once('end', resolve))
  socket.write('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n')
  await ended
  socket.destroy()
  t.match(received, /^HTTP\/1\.1 405 Method Not Allowed\r\n/)
  t.match(received, /\r\nConnection: close\r\n/)
  const body = JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>
  t.same(Object.keys(body).sort(), ['code', 'error', 'message', 'statusCode'])
  t.match(body, { statusCode: 405, code: 'GW_ROUTING_CONNECT_NOT_ALLOWED', error: 'Method Not Allowed' })
})
