import t from 'tap'
import http2 from 'node:http2'
import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import keepAlive from '@groundwork/keep-alive'
import gracefulClose from '../src/index.js'
import { sleep } from './fixtures/helpers.js'

interface Answer { status: number | undefined, body: string, rstCode: number, error: string | undefined }

function get (session: http2.ClientHttp2Session, path: string): Promise<Answer> {
  return new Promise(resolve => {
    let stream: http2.ClientHttp2Stream
    try {
      stream = session.request({ ':path': path })
    } catch (error) {
      resolve({ status: undefined, body: '', rstCode: -1, error: (error as NodeJS.ErrnoException).code })
      return
    }
    let status: number | undefined
    let body = ''
    let error: string | undefined
    stream.setEncoding('utf8')
    stream.on('response', headers => { status = headers[':status'] })
    stream.on('data', (chunk: string) => { body += chunk })
    stream.on('error', (err: NodeJS.ErrnoException) => { error = err.code })
    stream.on('close', () => { resolve({ status, body, rstCode: stream.rstCode ?? 0, error }) })
    stream.end()
  })
}

for (const withKeepAlive of [false, true]) {
  t.test(`${withKeepAlive ? 'with' : 'without'} keep-alive: every session gets a GOAWAY, its stream in flight completes, new streams are refused by the protocol, exit 0`, async t => {
    const app = Fastify({ http2: true }) as unknown as FastifyInstance
    if (withKeepAlive) await app.register(keepAlive)
    const exits: number[] = []
    await app.register(gracefulClose, { drainDelay: 100, closeIdleAfter: 200, timeout: 5000, exit: code => exits.push(code) })
    let started = 0
    app.get('/slow', async () => { started++; await sleep(700); return { slow: true } })
    app.get('/fast', async () => ({ fast: true }))
    t.teardown(() => app.close())
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as AddressInfo
    const session = http2.connect(`http://127.0.0.1:${port}`)
    session.on('error', () => {})
    const goaways: Array<{ code: number, lastStreamID: number }> = []
    session.on('goaway', (code: number, lastStreamID: number) => { goaways.push({ code, lastStreamID }) })
    t.teardown(() => session.destroy())
    const idle = http2.connect(`http://127.0.0.1:${port}`)
    idle.on('error', () => {})
    const idleGoaways: number[] = []
    idle.on('goaway', (code: number) => { idleGoaways.push(code) })
    t.teardown(() => idle.destroy())
    t.equal((await get(idle, '/fast')).status, 200)

    const slow = get(session, '/slow')
    const hasStarted = (): boolean => started > 0
    while (!hasStarted()) await sleep(5)
    const done = app.shutdown()
    while (goaways.length === 0) await sleep(5)
    const late = await get(session, '/fast')
    t.equal(late.error, 'ERR_HTTP2_GOAWAY_SESSION', 'no new stream on a session told to go away')
    const answered = await slow
    t.same([answered.status, answered.body, answered.rstCode], [200, '{"slow":true}', 0], 'the stream in flight completed, never reset')
    const result = await done
    t.equal(result.exitCode, 0)
    t.ok(result.durationMs < 2000, `no deadline: ${result.durationMs} ms (the slow stream takes 700 ms)`)
    t.same(exits, [0])
    t.equal(goaways[0]?.code, 0, 'GOAWAY NO_ERROR')
    t.same(idleGoaways.slice(0, 1), [0], 'the idle session got its GOAWAY too')
    t.equal(started, 1, 'the refused request never reached the app')
  })
}
