import t from 'tap'
import Fastify from 'fastify'
import body from '../src/index.js'

t.test('application/octet-stream bodies arrive as a Buffer', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => ({ isBuffer: Buffer.isBuffer(request.body), length: (request.body as Buffer).length }))
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/octet-stream' }, payload: Buffer.from([1, 2, 3]) })
  t.same(response.json(), { isBuffer: true, length: 3 })
})
