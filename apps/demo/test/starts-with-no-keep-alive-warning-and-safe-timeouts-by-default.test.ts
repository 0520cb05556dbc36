import t from 'tap'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, keepAliveOptions } from '../src/timeouts.js'

function collect (): { lines: Array<Record<string, any>>, stream: { write: (line: string) => void } } {
  const lines: Array<Record<string, any>> = []
  return { lines, stream: { write: (line) => { lines.push(JSON.parse(line)) } } }
}

t.test('with no variables set the app starts without a single warning, headers and requests bounded', async t => {
  const { lines, stream } = collect()
  const app = await buildApp(loadConfig({}), { logger: { level: 'info', stream } })
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const warnings = lines.filter(line => line['level'] >= 40)
  t.same(warnings, [], 'no warning (keep-alive warns about requestTimeout 0 and a late connections check)')
  t.equal(app.server.headersTimeout, 10_000)
  t.equal(app.server.requestTimeout, 30_000)
  // Node keeps the interval on the server without declaring it in its types.
  const { connectionsCheckingInterval } = app.server as unknown as { connectionsCheckingInterval: number }
  t.ok(connectionsCheckingInterval <= 1000, `the connections check runs often enough for them (${connectionsCheckingInterval} ms)`)
  t.equal(DEFAULT_HEADERS_TIMEOUT_MS, 10_000)
  t.equal(DEFAULT_REQUEST_TIMEOUT_MS, 30_000)
})

t.test('the defaults fill in only what is unset, and never make a setting that worked invalid', async t => {
  t.same(keepAliveOptions(loadConfig({})), { headersTimeout: 10_000, requestTimeout: 30_000 })
  t.same(keepAliveOptions(loadConfig({ HEADERS_TIMEOUT_MS: '2000' })), { headersTimeout: 2000, requestTimeout: 30_000 })
  t.same(keepAliveOptions(loadConfig({ HEADERS_TIMEOUT_MS: '60000' })), { headersTimeout: 60_000, requestTimeout: 60_000 }, 'a longer headers limit alone stretches the request limit to hold it')
  t.same(keepAliveOptions(loadConfig({ REQUEST_TIMEOUT_MS: '5000' })), { headersTimeout: 5000, requestTimeout: 5000 }, 'a shorter request limit alone shrinks the headers limit into it')
  t.same(keepAliveOptions(loadConfig({ REQUEST_TIMEOUT_MS: '0' })), { headersTimeout: 10_000, requestTimeout: 0 }, 'no request limit, if asked for, still bounds headers')
  t.same(keepAliveOptions(loadConfig({ KEEP_ALIVE_TIMEOUT_MS: '5000' })), { keepAliveTimeout: 5000, headersTimeout: 10_000, requestTimeout: 30_000 })
  t.same(keepAliveOptions(loadConfig({ UPSTREAM_IDLE_TIMEOUT_MS: '60000' })), { upstreamIdleTimeout: 60_000 }, 'behind a proxy keep-alive derives the limits')
  t.same(keepAliveOptions(loadConfig({ UPSTREAM_IDLE_TIMEOUT_MS: '60000', HEADERS_TIMEOUT_MS: '5000' })), { upstreamIdleTimeout: 60_000, headersTimeout: 5000 })
})

t.test('each combination builds an app whose server runs with exactly those values, with no warning', async t => {
  const cases: Array<[Record<string, string>, { headersTimeout: number, requestTimeout: number }]> = [
    [{ HEADERS_TIMEOUT_MS: '60000' }, { headersTimeout: 60_000, requestTimeout: 60_000 }],
    [{ REQUEST_TIMEOUT_MS: '5000' }, { headersTimeout: 5000, requestTimeout: 5000 }],
    [{ UPSTREAM_IDLE_TIMEOUT_MS: '60000' }, { headersTimeout: 60_000, requestTimeout: 300_000 }]
  ]
  for (const [env, expected] of cases) {
    const { lines, stream } = collect()
    const app = await buildApp(loadConfig(env), { logger: { level: 'warn', stream } })
    t.teardown(() => app.close())
    await app.ready()
    t.match(app.server, expected, JSON.stringify(env))
    t.same(lines, [], `no warning with ${JSON.stringify(env)}`)
  }
})
