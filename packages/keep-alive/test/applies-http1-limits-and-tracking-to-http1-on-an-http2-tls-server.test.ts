import https from 'node:https'
import { test } from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import keepAlive from '../src/index.js'
import { captureLogs, listen, waitFor } from './fixtures/helpers.js'
import { connectHttp2, makeCertificate, request } from './fixtures/http2.js'

test('HTTP/1.1 through ALPN on an HTTP/2 TLS server gets the keep-alive, header and request limits, and is counted as a socket', async t => {
  const certificate = makeCertificate(t.testdir())
  const app = Fastify({ http2: true, https: { ...certificate, allowHTTP1: true } }) as unknown as FastifyInstance
  // Whole seconds: Node's agent reads `Keep-Alive: timeout=N` and drops a socket whose N is 0.
  await app.register(keepAlive, { keepAliveTimeout: 3_000, headersTimeout: 2_000, requestTimeout: 5_000 })
  app.get('/', async request => ({ http: request.raw.httpVersion }))
  t.teardown(() => app.close())
  const port = await listen(app)
  const server = app.server as unknown as { keepAliveTimeout: number, headersTimeout: number, requestTimeout: number }
  t.same([server.keepAliveTimeout, server.headersTimeout, server.requestTimeout], [3_000, 2_000, 5_000], 'set on the server')

  const agent = new https.Agent({ keepAlive: true, ca: certificate.cert })
  t.teardown(() => agent.destroy())
  const answer = await new Promise<{ body: string, closedAfter: Promise<number> }>((resolve, reject) => {
    https.get({ host: '127.0.0.1', port, servername: 'localhost', path: '/', agent }, response => {
      // Taken now: at 'end' the agent already has the socket back.
      const socket = response.socket
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => { body += chunk })
      response.on('end', () => {
        const since = performance.now()
        resolve({ body, closedAfter: new Promise(resolve => socket.once('close', () => { resolve(performance.now() - since) })) })
      })
    }).on('error', reject)
  })
  t.equal(answer.body, '{"http":"1.1"}')
  await waitFor(() => app.connections.idle === 1)
  t.match(app.connections.snapshot(), { open: 1, idle: 1, sessions: 0 }, 'an HTTP/1.1 socket, not a session')

  const h2 = connectHttp2(`https://localhost:${port}`, certificate.cert)
  t.teardown(() => h2.session.destroy())
  t.equal((await request(h2.session, '/')).body, '{"http":"2.0"}')
  t.match(app.connections.snapshot(), { open: 2, sessions: 1, requests: 2 }, 'and an HTTP/2 client beside it is a session')

  const closedEarly = await Promise.race([answer.closedAfter, new Promise(resolve => setTimeout(resolve, 600, 'open'))])
  t.equal(closedEarly, 'open', 'the kept-alive HTTP/1.1 socket stays open for its next request')
  agent.destroy()
  h2.session.destroy()
})

test('closing answers HTTP/1.1 on an HTTP/2 TLS server with Connection: close, and a later change of a limit is reported', async t => {
  const certificate = makeCertificate(t.testdir())
  const logs = captureLogs('info')
  const app = Fastify({ http2: true, https: { ...certificate, allowHTTP1: true }, logger: logs.logger }) as unknown as FastifyInstance
  // Before the plugin's own onReady check, as a later plugin's change would be.
  app.addHook('onReady', async () => { (app.server as unknown as { headersTimeout: number }).headersTimeout = 1_234 })
  await app.register(keepAlive, { headersTimeout: 60_000 })
  app.get('/', async () => ({ ok: true }))
  t.teardown(() => app.close())
  const port = await listen(app)
  t.match(logs.warnings().filter(line => line.keepAlive?.option === 'headersTimeout'), [{ keepAlive: { expected: 60_000, actual: 1_234 } }], 'a later change is reported as on HTTP/1.1 servers')
  const lingering = app.connections.closeAfterResponses({ timeout: 2_000 })
  const connectionHeader = await new Promise<string | undefined>((resolve, reject) => {
    https.get({ host: '127.0.0.1', port, servername: 'localhost', path: '/', ca: certificate.cert, agent: false }, response => {
      response.resume()
      resolve(response.headers.connection)
    }).on('error', reject)
  })
  t.equal(connectionHeader, 'close', 'HTTP/1.1 gets Connection: close (never sent on HTTP/2, which forbids it)')
  t.same(await lingering, { remaining: 0, upgraded: 0, timedOut: false }, 'and its socket closes after the response')
})

test('without a keepAliveTimeout option, HTTP/1.1 on an HTTP/2 TLS server gets Fastify\'s, as on an HTTP/1.1 server', async t => {
  const certificate = makeCertificate(t.testdir())
  for (const [fastifyOptions, expected] of [[{}, 72_000], [{ keepAliveTimeout: 9_000 }, 9_000]] as const) {
    const logs = captureLogs('info')
    const app = Fastify({ ...fastifyOptions, http2: true, https: { ...certificate, allowHTTP1: true }, logger: logs.logger }) as unknown as FastifyInstance
    await app.register(keepAlive, { headersTimeout: 10_000, requestTimeout: 30_000 })
    await app.ready()
    t.equal((app.server as unknown as { keepAliveTimeout: number }).keepAliveTimeout, expected, `Fastify's ${expected} ms is set on the server`)
    t.same(logs.warnings().filter(line => line.keepAlive?.option === 'keepAliveTimeout'), [], 'and nothing warns that it is 0')
    await app.close()
  }
})
