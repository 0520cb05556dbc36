import t from 'tap'
import Fastify from 'fastify'
import { REJECTION_CODES } from '@groundwork/body'
import { trackConnections } from '@groundwork/keep-alive'
import staticFiles from '@groundwork/static'
import { parseExposition } from './helpers/prometheus-text.js'
import { createMetricsRegistry, staticMetricsOf, type MetricSources } from '../src/metrics.js'
import { buildApp } from '../src/app.js'
import { testConfig } from './helpers/config.js'

const quiet: MetricSources = {
  // keep-alive's own all-zero snapshot (an inert tracker, on no server): whatever fields this version has.
  connections: () => trackConnections(undefined).snapshot(),
  shutdown: () => ({ phase: 'ready', phaseCode: 1, ready: true, maintenance: false, drainDurationMs: 0, webSocketsTold: 0, longLivedCut: 0, openAtDeadline: 0, checks: {} }),
  routing: () => ({ notFound: 0, methodNotAllowed: 0, optionsAnswered: 0, trailingSlashRedirects: 0, uriTooLong: 0, connectRefused: 0 }),
  body: () => ({ rejected: Object.fromEntries(REJECTION_CODES.map(code => [code, 0])) as ReturnType<MetricSources['body']>['rejected'], bytesInflated: 0, bodiesInflated: 0 })
}

t.test('with a staticMetrics source, the hot cache series are there with its numbers', async t => {
  const register = createMetricsRegistry({ ...quiet, static: () => ({ hotCache: { hits: 7, misses: 2, bytes: 4096, entries: 3, evictions: 1 } }) })
  const exposition = parseExposition(await register.metrics())
  t.same({
    hits: exposition.samples.get('groundwork_static_hot_cache_hits_total'),
    misses: exposition.samples.get('groundwork_static_hot_cache_misses_total'),
    bytes: exposition.samples.get('groundwork_static_hot_cache_bytes'),
    entries: exposition.samples.get('groundwork_static_hot_cache_entries'),
    evictions: exposition.samples.get('groundwork_static_hot_cache_evictions_total')
  }, { hits: 7, misses: 2, bytes: 4096, entries: 3, evictions: 1 })
  t.equal(exposition.types.get('groundwork_static_hot_cache_hits_total'), 'counter')
  t.equal(exposition.types.get('groundwork_static_hot_cache_bytes'), 'gauge')
})

t.test('without one, no static series at all (rather than zeros that would read as an empty cache)', async t => {
  const exposition = parseExposition(await createMetricsRegistry(quiet).metrics())
  t.same([...exposition.types.keys()].filter(name => name.startsWith('groundwork_static_')), [])
})

t.test('staticMetricsOf reads the decorator of the scope static was registered in, if it has one', async t => {
  const scope = Fastify()
  t.teardown(() => scope.close())
  t.equal(staticMetricsOf(scope), undefined)
  let hits = 0
  // Only the part the demo reads: cast, so the test does not follow every field static adds.
  scope.decorate('staticMetrics', { getter: () => ({ hotCache: { hits: ++hits, misses: 0, bytes: 0, entries: 0, evictions: 0 } }) } as never)
  const read = staticMetricsOf(scope)
  t.equal(read?.().hotCache.hits, 1)
  t.equal(read?.().hotCache.hits, 2, 'read afresh each time')
})

t.test('the demo has the hot cache series exactly when @groundwork/static decorates staticMetrics', async t => {
  const bare = Fastify()
  t.teardown(() => bare.close())
  await bare.register(staticFiles, { root: testConfig().publicDir })
  const staticReports = bare.hasDecorator('staticMetrics')
  const app = await buildApp(testConfig({ metricsPort: 0 }))
  t.teardown(() => app.close())
  await app.ready()
  const families = parseExposition(await app.metricsServer!.register!.metrics()).types
  t.equal(families.has('groundwork_static_hot_cache_hits_total'), staticReports, `static reports metrics: ${staticReports}`)
})

t.test('the page requested twice moves the hot cache series of the demo\'s own scrape', async t => {
  const { listening } = await import('./helpers/listen.js')
  const { scrape } = await import('./helpers/metrics.js')
  const { app, port } = await listening(t, { metricsPort: 0 })
  const before = await scrape(app)
  if (!before.types.has('groundwork_static_hot_cache_hits_total')) {
    t.ok(false, 'hot cache series', { todo: 'this build of @groundwork/static has no staticMetrics decorator yet' })
    return
  }
  for (let i = 0; i < 2; i++) t.equal((await fetch(`http://127.0.0.1:${port}/app.js`)).status, 200)
  const after = await scrape(app)
  const moved = (key: string): number => (after.samples.get(key) as number) - (before.samples.get(key) as number)
  t.equal(moved('groundwork_static_hot_cache_misses_total') + moved('groundwork_static_hot_cache_hits_total'), 2, 'both lookups counted')
  t.ok(moved('groundwork_static_hot_cache_hits_total') >= 1, 'the second from memory')
  t.ok((after.samples.get('groundwork_static_hot_cache_bytes') as number) > 0, 'the cache holds bytes now')
  t.ok((after.samples.get('groundwork_static_hot_cache_entries') as number) >= 1)
})
