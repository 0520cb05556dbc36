import t from 'tap'
import { defaultPublicDir, loadConfig } from '../src/config.js'

t.test('an empty environment gives the documented defaults', async t => {
  t.same(loadConfig({}), {
    port: 3000,
    host: '127.0.0.1',
    logLevel: 'info',
    bodyLimit: 1048576,
    keepAliveTimeoutMs: undefined,
    headersTimeoutMs: undefined,
    requestTimeoutMs: undefined,
    upstreamIdleTimeoutMs: undefined,
    drainDelayMs: 0,
    shutdownTimeoutMs: 10000,
    statsIntervalMs: 1000,
    longLivedTimeoutMs: 1000,
    publicDir: defaultPublicDir,
    crashRoute: false,
    maxUsers: 10000,
    metricsHost: '127.0.0.1',
    http2: false
  })
  t.match(defaultPublicDir, /public$/)
})

t.test('every variable is read and coerced', async t => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    LOG_LEVEL: 'debug',
    BODY_LIMIT: '2048',
    KEEP_ALIVE_TIMEOUT_MS: '65000',
    HEADERS_TIMEOUT_MS: '2000',
    REQUEST_TIMEOUT_MS: '30000',
    UPSTREAM_IDLE_TIMEOUT_MS: '60000',
    DRAIN_DELAY_MS: '1000',
    SHUTDOWN_TIMEOUT_MS: '20000',
    STATS_INTERVAL_MS: '250',
    LONG_LIVED_TIMEOUT_MS: '3000',
    PUBLIC_DIR: '/srv/www',
    DEMO_CRASH_ROUTE: '1',
    MAX_USERS: '5000000',
    METRICS_PORT: '9464',
    METRICS_HOST: '10.0.0.5',
    MAINTENANCE_FILE: '/run/demo/maintenance',
    HTTP2: '1',
    TLS_CERT_FILE: '/etc/demo/cert.pem',
    TLS_KEY_FILE: '/etc/demo/key.pem',
    UNRELATED: 'ignored'
  })
  t.same(config, {
    port: 8080,
    host: '0.0.0.0',
    logLevel: 'debug',
    bodyLimit: 2048,
    keepAliveTimeoutMs: 65000,
    headersTimeoutMs: 2000,
    requestTimeoutMs: 30000,
    upstreamIdleTimeoutMs: 60000,
    drainDelayMs: 1000,
    shutdownTimeoutMs: 20000,
    statsIntervalMs: 250,
    longLivedTimeoutMs: 3000,
    publicDir: '/srv/www',
    crashRoute: true,
    maxUsers: 5000000,
    metricsPort: 9464,
    metricsHost: '10.0.0.5',
    maintenanceFile: '/run/demo/maintenance',
    http2: true,
    tls: { certFile: '/etc/demo/cert.pem', keyFile: '/etc/demo/key.pem' }
  })
})

t.test('the crash route flag accepts true and stays off for 0 or false', async t => {
  t.equal(loadConfig({ DEMO_CRASH_ROUTE: 'true' }).crashRoute, true)
  t.equal(loadConfig({ DEMO_CRASH_ROUTE: '0' }).crashRoute, false)
  t.equal(loadConfig({ DEMO_CRASH_ROUTE: 'false' }).crashRoute, false)
})

t.test('the caller\'s environment object is not modified', async t => {
  const env = { PORT: '81' }
  loadConfig(env)
  t.same(env, { PORT: '81' })
})

t.test('METRICS_PORT 0 picks a free port, beside PORT 0 or any other', async t => {
  t.equal(loadConfig({ METRICS_PORT: '0' }).metricsPort, 0)
  t.equal(loadConfig({ PORT: '0', METRICS_PORT: '0' }).metricsPort, 0)
  t.equal(loadConfig({ PORT: '0', METRICS_PORT: '9464' }).metricsPort, 9464)
})

t.test('HTTP2 takes the flag values, off by default; TLS is set by its two files together', async t => {
  for (const [value, http2] of [['', false], ['0', false], ['false', false], ['1', true], ['true', true]] as const) {
    t.equal(loadConfig({ HTTP2: value }).http2, http2, `HTTP2=${JSON.stringify(value)}`)
  }
  t.equal(loadConfig({}).tls, undefined, 'no files: cleartext')
  t.match(loadConfig({ TLS_CERT_FILE: 'cert.pem', TLS_KEY_FILE: 'key.pem' }), { http2: false, tls: { certFile: 'cert.pem', keyFile: 'key.pem' } })
  t.match(loadConfig({ HTTP2: 'true', TLS_CERT_FILE: 'cert.pem', TLS_KEY_FILE: 'key.pem' }), { http2: true, tls: { certFile: 'cert.pem', keyFile: 'key.pem' } })
})
