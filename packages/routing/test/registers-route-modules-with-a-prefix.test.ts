import t from 'tap'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import { Type } from 'typebox'
import routing, { defineRoute, joinPrefix, routeModules, GW_ROUTING_INVALID_ROUTE_MODULE, GW_ROUTING_INVALID_OPTION } from '../src/index.js'
import type { RouteModuleLike } from '../src/index.js'

const listUsers = defineRoute({ method: 'GET', url: '/users', handler: async () => ['ada'] })
const createUser = defineRoute({
  method: 'POST',
  url: '/users',
  schema: { body: Type.Object({ name: Type.String() }) },
  handler: async (request, reply) => reply.code(201).send({ name: request.body.name })
})
const root = defineRoute({ method: ['GET'], url: '/', handler: async () => 'root' })

t.test('the routes option registers modules under the prefix; / maps to the prefix itself', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing, { prefix: '/api', routes: [listUsers, createUser, root] })
  t.same((await app.inject('/api/users')).json(), ['ada'])
  const created = await app.inject({ method: 'POST', url: '/api/users', payload: { name: 'grace' } })
  t.equal(created.statusCode, 201)
  t.same(created.json(), { name: 'grace' })
  t.equal((await app.inject('/api')).body, 'root')
  t.equal((await app.inject('/users')).statusCode, 404)
})

t.test('modules of the main plugin see hooks and parsers added later at the same level', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing, { routes: [createUser] })
  await app.register(fp(async (instance) => {
    instance.addContentTypeParser('application/x-name', { parseAs: 'string' }, (request, body, done) => done(null, { name: body }))
    instance.addHook('onSend', async (request, reply) => { reply.header('x-later', 'yes') })
  }))
  const response = await app.inject({ method: 'POST', url: '/users', headers: { 'content-type': 'application/x-name' }, payload: 'linus' })
  t.equal(response.statusCode, 201)
  t.same(response.json(), { name: 'linus' })
  t.equal(response.headers['x-later'], 'yes')
})

t.test('routeModules registers modules later, under Fastify\'s prefix, after other plugins', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  await app.register(fp(async (instance) => { instance.decorateRequest('tenant', 'acme') }))
  const whoAmI = defineRoute({ method: 'GET', url: '/me', handler: async (request) => ({ tenant: (request as unknown as { tenant: string }).tenant }) })
  await app.register(routeModules, { prefix: '/api', routes: [whoAmI, listUsers] })
  await app.register(routeModules)
  t.same((await app.inject('/api/me')).json(), { tenant: 'acme' })
  const wrong = await app.inject({ method: 'PUT', url: '/api/users' })
  t.equal(wrong.statusCode, 405)
  t.equal(wrong.headers.allow, 'GET, HEAD, OPTIONS')
})

t.test('invalid route modules are refused at register time with a coded error', async (t) => {
  const invalid: Array<[unknown, RegExp]> = [
    [null, /must be an object/],
    [{ method: 'GET', url: '/x' }, /handler must be a function/],
    [{ method: [], url: '/x', handler: () => 'x' }, /method must be/],
    [{ method: 7, url: '/x', handler: () => 'x' }, /method must be/],
    [{ method: 'GET', handler: () => 'x' }, /url must be a path/],
    [{ method: 'GET', url: 'x', handler: () => 'x' }, /#0 \(x\): url must be a path/]
  ]
  for (const [module, message] of invalid) {
    const app = Fastify()
    await t.rejects(async () => { await app.register(routing, { routes: [module as RouteModuleLike] }) }, GW_ROUTING_INVALID_ROUTE_MODULE)
    await t.rejects(async () => { await app.register(routing, { routes: [module as RouteModuleLike] }) }, { message })
    await app.close()
  }
})

t.test('routeModules validates its routes option', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await t.rejects(async () => { await app.register(routeModules, { routes: 'nope' as unknown as [] }) }, GW_ROUTING_INVALID_OPTION)
})

t.test('joinPrefix', async (t) => {
  t.equal(joinPrefix('', '/x'), '/x')
  t.equal(joinPrefix('/api', '/'), '/api')
  t.equal(joinPrefix('/api', '/x'), '/api/x')
})
