import t from 'tap'
import Fastify from 'fastify'
import path from 'node:path'
import staticFiles from '../src/index.js'
import { ENTRY_OVERHEAD } from '../src/hot-cache.js'

t.test('several registrations, in the app and in a child scope, add up in the one decorator of the first', async t => {
  const dir = t.testdir({
    web: { 'a.txt': 'web-a' },
    assets: { 'a.txt': 'assets-a' },
    docs: { 'a.txt': 'docs-a', 'big.txt': 'd'.repeat(100) }
  })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root: path.join(dir, 'web') })
  await app.register(staticFiles, { root: path.join(dir, 'assets'), prefix: '/assets', hotCache: false })
  let child: typeof app | undefined
  await app.register(async scope => {
    await scope.register(staticFiles, { root: path.join(dir, 'docs'), prefix: '/docs/', hotCache: { maxFileSize: 10 } })
    child = scope as unknown as typeof app
  }, { prefix: '/v1' })

  await app.inject('/a.txt')
  await app.inject('/a.txt')
  await app.inject('/assets/a.txt')
  await app.inject('/v1/docs/a.txt')
  await app.inject('/v1/docs/big.txt')
  t.same(app.staticMetrics, {
    hotCache: { hits: 1, misses: 3, bytes: 5 + 6 + 2 * ENTRY_OVERHEAD, entries: 2, evictions: 0 },
    disk: { served: 2, sendFallbacks: 0, changedDuringDownload: 0 }
  })
  t.same(child?.staticMetrics, app.staticMetrics, 'the child scope reads the same decorator')
})

t.test('a registration in a sibling scope only is not seen by the app, and two apps share nothing', async t => {
  const root = t.testdir({ 'a.txt': 'a' })
  const app = Fastify()
  t.teardown(() => app.close())
  let scoped: typeof app | undefined
  await app.register(async scope => {
    await scope.register(staticFiles, { root })
    scoped = scope as unknown as typeof app
  })
  t.notOk(app.hasDecorator('staticMetrics'), 'fastify-plugin exposes it to the scope it is registered in, not above')
  const other = Fastify()
  t.teardown(() => other.close())
  await other.register(staticFiles, { root })
  await app.inject('/a.txt')
  t.equal(scoped?.staticMetrics.hotCache.misses, 1)
  t.equal(other.staticMetrics.hotCache.misses, 0)
})
