import t from 'tap'
import Fastify from 'fastify'
import routing, { defineRoute } from '../src/index.js'

// The hot path is sacred: routing's logic lives in the not-found handler only. This pins down that no request
// lifecycle hook reaches the routes, in every mode.
for (const trailingSlash of ['strict', 'ignore', 'redirect'] as const) {
  t.test(`routes carry no lifecycle hook (trailingSlash: ${trailingSlash})`, async (t) => {
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(routing, {
      trailingSlash,
      routeTable: { expose: true },
      routes: [defineRoute({ method: 'GET', url: '/users/:id', handler: async () => ({}) })]
    })
    app.get('/plain', async () => 'plain')
    await app.ready()
    const tree = app.printRoutes({ includeHooks: true, commonPrefix: false })
    t.match(tree, /users/)
    // Fastify's own HEAD routes carry its headRouteOnSendHandler; anything else would be routing's doing.
    const hooks = tree.split('\n').filter((line) => line.includes('• (') && !line.includes('headRouteOnSendHandler'))
    t.same(hooks, [])
  })
}

// The counters live in the not-found handler and the CONNECT listener: matched requests, of every kind a route can
// serve, must leave every one of them at 0 (and still carry no hook, checked above).
for (const trailingSlash of ['strict', 'ignore', 'redirect'] as const) {
  t.test(`matched requests move no counter (trailingSlash: ${trailingSlash})`, async (t) => {
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(routing, {
      trailingSlash,
      routeTable: { expose: true },
      routes: [defineRoute({ method: 'GET', url: '/users/:id', handler: async () => ({}) })]
    })
    app.get('/plain', async () => 'plain')
    app.options('/own-options', async () => 'mine')
    app.get('/files/*', { config: { groundwork: { fallback: true } }, handler: async () => 'file' })
    const before = app.routingMetrics
    const served = [
      { method: 'GET', url: '/users/1' },
      { method: 'HEAD', url: '/users/1' },
      { method: 'GET', url: '/plain?x=1' },
      { method: 'OPTIONS', url: '/own-options' },
      { method: 'GET', url: '/files/a/b' },
      { method: 'GET', url: '/_routes' },
      ...(trailingSlash === 'ignore' ? [{ method: 'GET', url: '/plain/' }] : [])
    ] as const
    for (const request of served) t.equal((await app.inject(request)).statusCode, 200, `${request.method} ${request.url}`)
    t.same(app.routingMetrics, before)
    t.same(Object.values(before), [0, 0, 0, 0, 0, 0])
  })
}
