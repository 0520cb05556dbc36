import t from 'tap'
import Fastify from 'fastify'
import { readFile } from 'node:fs/promises'
import staticFiles from '@groundwork/static'
import { promtoolCheck, promtoolPath, parseExposition } from './helpers/prometheus-text.js'
import { testConfig } from './helpers/config.js'
import { listening } from './helpers/listen.js'
import { metricsUrl } from './helpers/metrics.js'

// Every series the README's metrics table lists (static's come only once it reports them).
const families: Record<string, 'counter' | 'gauge'> = {
  groundwork_connections: 'gauge',
  groundwork_connections_open: 'gauge',
  groundwork_http2_sessions: 'gauge',
  groundwork_http2_streams: 'gauge',
  groundwork_connections_accepted_total: 'counter',
  groundwork_connections_closed_total: 'counter',
  groundwork_requests_total: 'counter',
  groundwork_shutdown_phase: 'gauge',
  groundwork_shutdown_phase_info: 'gauge',
  groundwork_ready: 'gauge',
  groundwork_maintenance: 'gauge',
  groundwork_drain_duration_seconds: 'gauge',
  groundwork_websockets_told_total: 'counter',
  groundwork_long_lived_cut_total: 'counter',
  groundwork_open_at_deadline: 'gauge',
  groundwork_readiness_check_passing: 'gauge',
  groundwork_routing_not_found_total: 'counter',
  groundwork_routing_method_not_allowed_total: 'counter',
  groundwork_routing_options_answered_total: 'counter',
  groundwork_routing_trailing_slash_redirects_total: 'counter',
  groundwork_routing_uri_too_long_total: 'counter',
  groundwork_routing_connect_refused_total: 'counter',
  groundwork_body_rejected_total: 'counter',
  groundwork_body_inflated_bytes_total: 'counter',
  groundwork_body_inflated_total: 'counter'
}
const staticFamilies: Record<string, 'counter' | 'gauge'> = {
  groundwork_static_hot_cache_hits_total: 'counter',
  groundwork_static_hot_cache_misses_total: 'counter',
  groundwork_static_hot_cache_bytes: 'gauge',
  groundwork_static_hot_cache_entries: 'gauge',
  groundwork_static_hot_cache_evictions_total: 'counter'
}

t.test('the README\'s metrics table lists exactly these families, each with its type', async t => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
  const rows = [...readme.matchAll(/^\| `(groundwork_\w+)` \| (counter|gauge) \|/gm)]
  t.same(Object.fromEntries(rows.map(([, name, type]) => [name, type])), { ...families, ...staticFamilies })
  t.equal(rows.length, Object.keys(families).length + Object.keys(staticFamilies).length, 'each listed once')
})

/** Whether this build of @groundwork/static decorates staticMetrics (the demo wires it only then). */
async function staticReports (): Promise<boolean> {
  const bare = Fastify()
  await bare.register(staticFiles, { root: testConfig().publicDir })
  const reports = bare.hasDecorator('staticMetrics')
  await bare.close()
  return reports
}

t.test('GET /metrics on METRICS_PORT is the text format, every groundwork family typed and explained', async t => {
  const { app } = await listening(t, { metricsPort: 0 })
  t.match(metricsUrl(app), /^http:\/\/127\.0\.0\.1:\d+\/metrics$/, 'on METRICS_HOST, 127.0.0.1 by default')
  const response = await fetch(metricsUrl(app))
  t.equal(response.status, 200)
  t.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8')
  t.equal(response.headers.get('cache-control'), 'no-store')
  const text = await response.text()
  const exposition = parseExposition(text)
  const expected = { ...families, ...(await staticReports() ? staticFamilies : {}) }
  const ours = [...exposition.types.keys()].filter(name => name.startsWith('groundwork_')).sort()
  t.same(ours, Object.keys(expected).sort(), 'exactly the documented families')
  for (const [name, type] of Object.entries(expected)) {
    t.equal(exposition.types.get(name), type, `${name} is a ${type}`)
    t.ok((exposition.help.get(name) ?? '').length > 10, `${name} has a help text`)
    t.equal(name.endsWith('_total'), type === 'counter', `${name}: _total if and only if a counter`)
  }
  t.ok(exposition.types.has('process_cpu_seconds_total') && exposition.types.has('nodejs_heap_size_used_bytes'), 'prom-client\'s process metrics too')
  t.equal(exposition.samples.get('groundwork_shutdown_phase'), 1, 'ready')
  t.equal(exposition.samples.get('groundwork_shutdown_phase_info{phase="ready"}'), 1)
  t.equal(exposition.samples.get('groundwork_shutdown_phase_info{phase="draining"}'), 0)
  t.equal(exposition.samples.get('groundwork_ready'), 1)
  t.equal(exposition.samples.get('groundwork_body_rejected_total{code="GW_BODY_TOO_LARGE"}'), 0, 'every body code present, 0 when none')

  const promtool = promtoolPath()
  if (promtool === undefined) {
    t.ok(false, 'promtool check metrics', { todo: 'promtool is not installed (apt-get install prometheus); only the strict parser above ran' })
    return
  }
  t.same(promtoolCheck(promtool, text), { code: 0, problems: [] }, 'promtool check metrics finds nothing of ours')
})

t.test('HEAD gets the headers only; other paths 404 and other methods 405, in Fastify\'s error shape', async t => {
  const { app } = await listening(t, { metricsPort: 0 })
  const url = metricsUrl(app)
  const head = await fetch(url, { method: 'HEAD' })
  t.equal(head.status, 200)
  t.ok(Number(head.headers.get('content-length')) > 1000, 'the length of the GET body')
  t.equal(await head.text(), '')
  const withQuery = await fetch(`${url}?name[]=groundwork_ready`)
  t.equal(withQuery.status, 200, 'a query string is ignored')

  const other = await fetch(url.replace('/metrics', '/health/ready'))
  t.equal(other.status, 404)
  t.same(await other.json(), { statusCode: 404, code: 'DEMO_METRICS_NOT_FOUND', error: 'Not Found', message: 'GET /health/ready not found: this port serves GET /metrics only' })
  const post = await fetch(url, { method: 'POST', body: 'x' })
  t.equal(post.status, 405)
  t.equal(post.headers.get('allow'), 'GET, HEAD')
  t.same(await post.json(), { statusCode: 405, code: 'DEMO_METRICS_METHOD_NOT_ALLOWED', error: 'Method Not Allowed', message: 'POST /metrics: use GET' })
})

t.test('a readiness check shows as a groundwork_readiness_check_passing series', async t => {
  const { app } = await listening(t, { metricsPort: 0 })
  let passing = true
  app.addReadinessCheck('db', () => passing)
  const read = async (): Promise<number | undefined> => {
    await (await fetch(`http://127.0.0.1:${(app.server.address() as { port: number }).port}/health/ready`)).arrayBuffer()
    return parseExposition(await (await fetch(metricsUrl(app))).text()).samples.get('groundwork_readiness_check_passing{check="db"}')
  }
  t.equal(await read(), 1)
  passing = false
  t.equal(await read(), 0)
})
