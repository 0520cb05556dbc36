import t from 'tap'
import Fastify from 'fastify'
import type { RouteOptions } from 'fastify'
import staticFiles from '../src/index.js'

t.test('static wildcard routes are marked as fallback routes and call the not-found handler', async t => {
  const root = t.testdir({ 'a.txt': 'a' })
  const app = Fastify()
  t.teardown(() => app.close())
  const seen: RouteOptions[] = []
  // What @groundwork/routing does: watch routes through onRoute, answer in the not-found handler.
  app.addHook('onRoute', route => { seen.push(route) })
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({ from: 'routing', method: request.method, url: request.url })
  })
  await app.register(staticFiles, { root })
  app.get('/api/users', async () => [])

  const wildcards = seen.filter(route => route.url === '/*')
  t.equal(wildcards.length, 2)
  const [serving, refusing] = wildcards
  t.same(serving?.method, ['GET', 'HEAD'])
  t.same(Object.keys(serving?.config?.groundwork ?? {}), ['fallback', 'serves'])
  t.equal(serving?.config?.groundwork?.fallback, true)
  t.type(serving?.config?.groundwork?.serves, 'function', 'GET and HEAD say which paths they serve (contract 3)')
  t.same(refusing?.config, { groundwork: { fallback: true } })
  t.notOk(seen.some(route => route.url === '/*' && ([] as string[]).concat(route.method).includes('OPTIONS')))

  t.same((await app.inject('/nothing-here')).json(), { from: 'routing', method: 'GET', url: '/nothing-here' })
  t.same((await app.inject({ method: 'POST', url: '/api/users', payload: {} })).json().from, 'routing')
  t.same((await app.inject({ method: 'PUT', url: '/nothing', payload: 'x', headers: { 'content-type': 'text/plain' } })).json().from, 'routing')
  t.equal((await app.inject('/a.txt')).body, 'a')
  t.same(await app.inject('/api/users').then(res => res.json()), [])
})
