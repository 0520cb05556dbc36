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
