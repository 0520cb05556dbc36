import t from 'tap'
import Fastify from 'fastify'
import { Type } from 'typebox'
import routing, { defineRoute } from '../src/index.js'

t.test('a path parameter failing its schema gets 400 naming the parameter', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing, {
    routes: [defineRoute({
      method: 'GET',
      url: '/users/:userId',
      schema: { params: Type.Object({ userId: Type.Integer({ minimum: 1 }) }) },
      handler: async (request) => ({ id: request.params.userId })
    })]
  })
  t.same((await app.inject('/users/7')).json(), { id: 7 })
  for (const url of ['/users/abc', '/users/0']) {
    const response = await app.inject(url)
    t.equal(response.statusCode, 400, url)
    t.equal(response.json().code, 'FST_ERR_VALIDATION')
    t.match(response.json().message, /^params\/userId /)
  }
})
