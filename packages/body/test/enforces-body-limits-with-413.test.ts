import t from 'tap'
import { Readable } from 'node:stream'
import Fastify from 'fastify'
import body from '../src/index.js'

t.test('a Content-Length over the limit is a 413 before any byte is read', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { bodyLimit: 10 })
  app.post('/', async (request) => request.body)
  let pulled = 0
  const payload = new Readable({
    read () {
      pulled++
      this.push(pulled > 3 ? null : 'x'.repeat(100))
    }
  })
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'text/plain', 'content-length': '300' }, payload })
  t.same(response.json(), { statusCode: 413, code: 'GW_BODY_TOO_LARGE', error: 'Payload Too Large', message: 'Request body is larger than the limit of 10 bytes' })
  t.equal(response.headers.connection, 'close')
})

t.test('a chunked body is cut off once it passes the limit', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { bodyLimit: 1000 })
  app.post('/', async (request) => request.body)
  let pulled = 0
  const payload = new Readable({
    read () {
      pulled++
      this.push(pulled > 1000 ? null : 'x'.repeat(100))
    }
  })
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'text/plain' }, payload })
  t.equal(response.statusCode, 413)
  t.equal(response.json().code, 'GW_BODY_TOO_LARGE')
})

t.test('the default limit is 1 MiB', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => (request.body as Buffer).length)
  const at = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(1048576) })
  t.equal(at.body, '1048576')
  const over = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.alloc(1048577) })
  t.equal(over.statusCode, 413)
})

t.test('routes override the limit: config.body.limit, then the route bodyLimit', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { bodyLimit: 10 })
  app.post('/big', { config: { body: { limit: 100 } } }, async (request) => request.body)
  app.post('/fastify', { bodyLimit: 50 }, async (request) => request.body)
  app.post('/both', { bodyLimit: 50, config: { body: { limit: 20 } } }, async (request) => request.body)
  app.post('/small', async (request) => request.body)
  const send = (url: string, size: number) => app.inject({ method: 'POST', url, headers: { 'content-type': 'text/plain' }, payload: 'x'.repeat(size) })
  t.equal((await send('/big', 100)).statusCode, 200)
  t.equal((await send('/big', 101)).statusCode, 413)
  t.equal((await send('/fastify', 50)).statusCode, 200)
  t.equal((await send('/fastify', 51)).statusCode, 413)
  t.equal((await send('/both', 21)).statusCode, 413)
  t.equal((await send('/small', 11)).statusCode, 413)
  t.equal((await send('/small', 10)).statusCode, 200)
})

t.test('a body shorter or longer than its Content-Length is a 400', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => request.body)
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'text/plain', 'content-length': '5' }, payload: Readable.from(['abc']) })
  t.same(response.json(), { statusCode: 400, code: 'GW_BODY_LENGTH_MISMATCH', error: 'Bad Request', message: 'Request body length does not match Content-Length' })
})

t.test('a body split over many chunks is joined', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => request.body)
  const whole = Buffer.from('{"a":"é"}')
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: Readable.from([whole.subarray(0, 7), whole.subarray(7)]) })
  t.same(response.json(), { a: 'é' })
})

t.test('without a bodyLimit option the server bodyLimit applies', async t => {
  const app = Fastify({ bodyLimit: 20 })
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => request.body)
  const send = (size: number) => app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'text/plain' }, payload: 'x'.repeat(size) })
  t.equal((await send(20)).statusCode, 200)
  t.equal((await send(21)).json().code, 'GW_BODY_TOO_LARGE')
})
