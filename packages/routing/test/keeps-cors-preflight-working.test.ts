import t from 'tap'
import Fastify from 'fastify'
import cors from '@fastify/cors'
import routing from '../src/index.js'

const preflight = { origin: 'https://app.example', 'access-control-request-method': 'PUT' }

t.test('a CORS preflight is answered by @fastify/cors, not by automatic OPTIONS', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  await app.register(cors, { origin: 'https://app.example', methods: ['GET', 'PUT'] })
  app.put('/users/:id', async () => ({}))
  const response = await app.inject({ method: 'OPTIONS', url: '/users/1', headers: preflight })
  t.equal(response.statusCode, 204)
  t.equal(response.headers['access-control-allow-origin'], 'https://app.example')
  t.equal(response.headers['access-control-allow-methods'], 'GET, PUT')
  t.equal(response.headers.allow, undefined)
})

t.test('cors\'s OPTIONS catch-all does not make unknown paths known', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing, { autoOptions: false })
  await app.register(cors, { origin: 'https://app.example' })
  app.put('/users/:id', async () => ({}))
  t.equal((await app.inject({ method: 'DELETE', url: '/nope' })).statusCode, 404)
  const known = await app.inject({ method: 'DELETE', url: '/users/1' })
  t.equal(known.statusCode, 405)
  t.equal(known.headers.allow, 'OPTIONS, PUT', 'cors serves OPTIONS there, so Allow says so')
})

t.test('when cors disables itself for a request, automatic OPTIONS answers', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  await app.register(cors, { origin: false })
  app.put('/users/:id', async () => ({}))
  const response = await app.inject({ method: 'OPTIONS', url: '/users/1', headers: preflight })
  t.equal(response.statusCode, 204)
  t.equal(response.headers.allow, 'OPTIONS, PUT')
  t.equal(response.headers['access-control-allow-origin'], undefined)
})
