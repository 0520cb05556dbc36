import t from 'tap'
import Fastify from 'fastify'
import type { FastifyRequest } from 'fastify'
import cors from '@fastify/cors'
import routing from '../src/index.js'
import type { RoutingOptions } from '../src/index.js'

const files = new Set(['/app.css', '/upload', '/users'])

/** A static-like fallback (contract 3): serves the paths in `files`, hands everything else over. */
async function build (options: RoutingOptions = {}, serves = (request: FastifyRequest) => files.has(request.url.split('?')[0] as string)) {
  const app = Fastify()
  const asked: string[] = []
  await app.register(routing, options)
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    config: {
      groundwork: {
        fallback: true,
        serves: async (request) => {
          asked.push(request.url)
          return serves(request)
        }
      }
    },
    handler: async (request, reply) => files.has(request.url) ? 'file' : reply.callNotFound()
  })
  app.get('/users', async () => [])
  app.post('/upload', async () => 'ok')
  return { app, asked }
}

t.test('OPTIONS on a path only a fallback serves gets 204 with the fallback\'s methods', async (t) => {
  const { app, asked } = await build()
  t.teardown(() => app.close())
  for (const url of ['/app.css', '/app.css?v=2']) {
    const response = await app.inject({ method: 'OPTIONS', url })
    t.equal(response.statusCode, 204, url)
    t.equal(response.headers.allow, 'GET, HEAD, OPTIONS')
    t.equal(response.body, '')
  }
  t.same(asked, ['/app.css', '/app.css?v=2'], 'asked once per request, not once per method')
})

t.test('OPTIONS on a path no fallback serves keeps its 404', async (t) => {
  const { app } = await build()
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'OPTIONS', url: '/missing.css' })
  t.equal(response.statusCode, 404)
  t.same(response.json(), {
    statusCode: 404,
    code: 'GW_ROUTING_NOT_FOUND',
    error: 'Not Found',
    message: 'Route OPTIONS /missing.css not found'
  })
})

t.test('a path of a normal route is answered as before, and the fallback only adds what it serves there', async (t) => {
  const { app, asked } = await build()
  t.teardown(() => app.close())
  const users = await app.inject({ method: 'OPTIONS', url: '/users' })
  t.equal(users.statusCode, 204)
  t.equal(users.headers.allow, 'GET, HEAD, OPTIONS')
  t.same(asked, [], 'GET and HEAD are known there: the fallback is not asked')

  const upload = await app.inject({ method: 'OPTIONS', url: '/upload' })
  t.equal(upload.headers.allow, 'GET, HEAD, OPTIONS, POST', 'GET /upload reaches the fallback, which serves it')
  t.same(asked, ['/upload'])

  const onlyRoute = await build({}, () => false)
  t.teardown(() => onlyRoute.app.close())
  t.equal((await onlyRoute.app.inject({ method: 'OPTIONS', url: '/upload' })).headers.allow, 'OPTIONS, POST')
})

t.test('405 and 404 never ask the fallback', async (t) => {
  const { app, asked } = await build()
  t.teardown(() => app.close())
  t.equal((await app.inject({ method: 'DELETE', url: '/users' })).statusCode, 405)
  t.equal((await app.inject({ method: 'DELETE', url: '/app.css' })).statusCode, 404)
  t.equal((await app.inject('/missing')).statusCode, 404)
  t.same(asked, [])
})

t.test('autoOptions: false leaves fallback paths at 404 and tells the fallback', async (t) => {
  for (const autoOptions of [true, false]) {
    const app = Fastify()
    t.teardown(() => app.close())
    let asked = 0
    await app.register(routing, { autoOptions })
    app.get('/*', {
      config: { groundwork: { fallback: true, serves: () => { asked++; return true } } },
      handler: async (request) => request.routeOptions.config.groundwork
    })
    const options = await app.inject({ method: 'OPTIONS', url: '/app.css' })
    t.equal(options.statusCode, autoOptions ? 204 : 404, `autoOptions: ${autoOptions}`)
    t.equal(asked, autoOptions ? 1 : 0)
    t.same((await app.inject('/app.css')).json(), { fallback: true, autoOptions })
  }
})

t.test('the most specific fallback decides, even one that says nothing', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  const hand = async (_request: FastifyRequest, reply: import('fastify').FastifyReply) => reply.callNotFound()
  app.get('/*', { config: { groundwork: { fallback: true, serves: () => true } } }, hand)
  // No `serves`: Fastify sends GET /app/* here, never to the catch-all above, so OPTIONS must not say GET.
  app.get('/app/*', { config: { groundwork: { fallback: true } } }, hand)
  // Registered under a prefix the catch-all does not cover for POST.
  app.post('/assets/*', { config: { groundwork: { fallback: true, serves: () => true } } }, hand)
  t.equal((await app.inject({ method: 'OPTIONS', url: '/app/settings' })).statusCode, 404)
  t.equal((await app.inject({ method: 'OPTIONS', url: '/page' })).headers.allow, 'GET, HEAD, OPTIONS')
  t.equal((await app.inject({ method: 'OPTIONS', url: '/assets/a.css' })).headers.allow, 'GET, HEAD, OPTIONS, POST')
})

t.test('two fallbacks on one pattern: the first one registered answers', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  const hand = async (_request: FastifyRequest, reply: import('fastify').FastifyReply) => reply.callNotFound()
  app.get('/*', { constraints: { host: 'a.example' }, config: { groundwork: { fallback: true, serves: () => true } } }, hand)
  app.get('/*', { constraints: { host: 'b.example' }, config: { groundwork: { fallback: true, serves: () => false } } }, hand)
  const response = await app.inject({ method: 'OPTIONS', url: '/x', headers: { host: 'b.example' } })
  t.equal(response.statusCode, 204, 'constraints are ignored here, as for every route routing indexes')
})

t.test('a fallback\'s `serves` may answer synchronously or asynchronously', async (t) => {
  for (const serves of [() => true, async () => true]) {
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(routing)
    app.get('/*', { config: { groundwork: { fallback: true, serves } } }, async (_request, reply) => reply.callNotFound())
    t.equal((await app.inject({ method: 'OPTIONS', url: '/x' })).statusCode, 204)
  }
})

t.test('with @fastify/cors disabled for a request, automatic OPTIONS asks the fallback too', async (t) => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  await app.register(cors, { origin: false })
  app.get('/*', { config: { groundwork: { fallback: true, serves: () => true } } }, async (_request, reply) => reply.callNotFound())
  const response = await app.inject({
    method: 'OPTIONS',
    url: '/app.css',
    headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' }
  })
  t.equal(response.statusCode, 204)
  t.equal(response.headers.allow, 'GET, HEAD, OPTIONS')
})
