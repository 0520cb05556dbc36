import t from 'tap'
import Fastify from 'fastify'
import body from '../src/index.js'

t.test('application/octet-stream arrives as a Buffer', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => ({ isBuffer: Buffer.isBuffer(request.body), bytes: [...(request.body as Buffer)] }))
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.from([0, 255, 1]) })
  t.same(response.json(), { isBuffer: true, bytes: [0, 255, 1] })
})

t.test('catchAll turns every other type, and a body without a type, into a Buffer', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { catchAll: true })
  app.post('/', async (request) => ({ type: request.mediaType ?? null, isBuffer: Buffer.isBuffer(request.body), length: (request.body as Buffer).length }))
  const image = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'image/png' }, payload: Buffer.alloc(10) })
  t.same(image.json(), { type: 'image/png', isBuffer: true, length: 10 })
  const untyped = await app.inject({ method: 'POST', url: '/', headers: { 'content-length': '3' }, payload: 'abc' })
  t.same(untyped.json(), { type: null, isBuffer: true, length: 3 })
})
