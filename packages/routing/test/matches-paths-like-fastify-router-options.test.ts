import t from 'tap'
import Fastify from 'fastify'
import routing from '../src/index.js'

t.test('405 follows caseSensitive, ignoreDuplicateSlashes and useSemicolonDelimiter from routerOptions', async (t) => {
  const routerOptions = { caseSensitive: false, ignoreDuplicateSlashes: true, useSemicolonDelimiter: true, maxParamLength: 500 }
  const app = Fastify({ routerOptions } as Parameters<typeof Fastify>[0])
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/Users/:id', async () => ({}))
  app.get('/*', { config: { groundwork: { fallback: true } } }, async (request, reply) => reply.callNotFound())
  for (const url of ['/users/1', '/USERS//1', '/users/1;jsessionid=x', '/users/' + 'x'.repeat(300)]) {
    const response = await app.inject({ method: 'POST', url })
    t.equal(response.statusCode, 405, url.slice(0, 40))
  }
})

t.test('405 follows the deprecated top-level router options too', async (t) => {
  const app = Fastify({ caseSensitive: false, maxParamLength: 500 } as Parameters<typeof Fastify>[0])
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/Users/:id', async () => ({}))
  app.get('/*', { config: { groundwork: { fallback: true } } }, async (request, reply) => reply.callNotFound())
  t.equal((await app.inject({ method: 'POST', url: '/USERS/1' })).statusCode, 405)
  t.equal((await app.inject({ method: 'POST', url: '/users/' + 'x'.repeat(300) })).statusCode, 405)
})

t.test('with the defaults, matching is exact', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  app.get('/Users/:id', async () => ({}))
  t.equal((await app.inject({ method: 'POST', url: '/users/1' })).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: '/Users//1' })).statusCode, 404)
})
