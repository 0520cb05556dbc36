import t from 'tap'
import Fastify from 'fastify'
import body from '../src/index.js'

t.test('an empty JSON body is a 400 by default', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.delete('/', async (request) => ({ body: request.body ?? 'none' }))
  const response = await app.inject({ method: 'DELETE', url: '/', headers: { 'content-type': 'application/json' } })
  t.equal(response.statusCode, 400)
  t.same(response.json(), { statusCode: 400, code: 'GW_BODY_EMPTY_JSON', error: 'Bad Request', message: 'Body cannot be empty when Content-Type is JSON' })
})

t.test("emptyBody: 'undefined' lets an empty DELETE through", async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { json: { emptyBody: 'undefined' } })
  app.delete('/', async (request) => ({ body: request.body === undefined ? 'none' : request.body }))
  const response = await app.inject({ method: 'DELETE', url: '/', headers: { 'content-type': 'application/json', 'content-length': '0' } })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { body: 'none' })
  const full = await app.inject({ method: 'DELETE', url: '/', headers: { 'content-type': 'application/json' }, payload: '{"a":1}' })
  t.same(full.json(), { body: { a: 1 } })
})
