import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'

const cases: Array<[Record<string, string>, RegExp]> = [
  [{ PORT: 'abc' }, /^Invalid environment: PORT must be integer, got "abc"$/],
  [{ PORT: '70000' }, /PORT must be <= 65535, got "70000"/],
  [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be equal to one of the allowed values \(one of: fatal, error, warn, info, debug, trace, silent\), got "loud"/],
  [{ BODY_LIMIT: '0' }, /BODY_LIMIT must be >= 1, got "0"/],
  [{ KEEP_ALIVE_TIMEOUT_MS: '-5' }, /KEEP_ALIVE_TIMEOUT_MS must be >= 0/],
  [{ HEADERS_TIMEOUT_MS: '1.5' }, /HEADERS_TIMEOUT_MS must be integer/],
  [{ SHUTDOWN_TIMEOUT_MS: '0' }, /SHUTDOWN_TIMEOUT_MS must be >= 1/],
  [{ STATS_INTERVAL_MS: '10' }, /^Invalid environment: STATS_INTERVAL_MS must be >= 50, got "10"$/],
  [{ STATS_INTERVAL_MS: '60001' }, /^Invalid environment: STATS_INTERVAL_MS must be <= 60000, got "60001"$/],
  [{ STATS_INTERVAL_MS: 'often' }, /^Invalid environment: STATS_INTERVAL_MS must be integer, got "often"$/],
  [{ LONG_LIVED_TIMEOUT_MS: '-1' }, /^Invalid environment: LONG_LIVED_TIMEOUT_MS must be >= 0, got "-1"$/],
  [{ LONG_LIVED_TIMEOUT_MS: '1s' }, /^Invalid environment: LONG_LIVED_TIMEOUT_MS must be integer, got "1s"$/],
  [{ HOST: '' }, /HOST must NOT have fewer than 1 characters/],
  [{ MAX_USERS: '0' }, /^Invalid environment: MAX_USERS must be >= 1, got "0"$/],
  [{ MAX_USERS: 'lots' }, /^Invalid environment: MAX_USERS must be integer, got "lots"$/],
  [{ METRICS_PORT: 'nine' }, /^Invalid environment: METRICS_PORT must be integer, got "nine"$/],
  [{ METRICS_PORT: '-1' }, /^Invalid environment: METRICS_PORT must be >= 0, got "-1"$/],
  [{ METRICS_PORT: '65536' }, /^Invalid environment: METRICS_PORT must be <= 65535, got "65536"$/],
  [{ METRICS_PORT: '3000' }, /^Invalid environment: METRICS_PORT must differ from PORT, got "3000"$/],
  [{ PORT: '8080', METRICS_PORT: '8080' }, /^Invalid environment: METRICS_PORT must differ from PORT, got "8080"$/],
  [{ METRICS_HOST: '' }, /^Invalid environment: METRICS_HOST must NOT have fewer than 1 characters, got ""$/],
  [{ MAINTENANCE_FILE: '' }, /^Invalid environment: MAINTENANCE_FILE must NOT have fewer than 1 characters, got ""$/],
  [{ DEMO_CRASH_ROUTE: 'yes' }, /DEMO_CRASH_ROUTE must be equal to one of the allowed values \(one of: 0, 1, false, true\)/],
  [{ HTTP2: 'yes' }, /^Invalid environment: HTTP2 must be equal to one of the allowed values \(one of: 0, 1, false, true\), got "yes"$/],
  [{ HTTP2: 'h2c' }, /^Invalid environment: HTTP2 must be equal to one of the allowed values \(one of: 0, 1, false, true\), got "h2c"$/],
  [{ TLS_CERT_FILE: '', TLS_KEY_FILE: 'key.pem' }, /^Invalid environment: TLS_CERT_FILE must NOT have fewer than 1 characters, got ""$/],
  [{ TLS_CERT_FILE: 'cert.pem', TLS_KEY_FILE: '' }, /^Invalid environment: TLS_KEY_FILE must NOT have fewer than 1 characters, got ""$/],
  [{ TLS_CERT_FILE: '/etc/demo/cert.pem' }, /^Invalid environment: TLS_CERT_FILE and TLS_KEY_FILE must be set together, got TLS_CERT_FILE "\/etc\/demo\/cert\.pem" and no TLS_KEY_FILE$/],
  [{ TLS_KEY_FILE: '/etc/demo/key.pem' }, /^Invalid environment: TLS_CERT_FILE and TLS_KEY_FILE must be set together, got TLS_KEY_FILE "\/etc\/demo\/key\.pem" and no TLS_CERT_FILE$/],
  [{ HTTP2: 'true', TLS_KEY_FILE: 'key.pem' }, /^Invalid environment: TLS_CERT_FILE and TLS_KEY_FILE must be set together, got TLS_KEY_FILE "key\.pem" and no TLS_CERT_FILE$/]
]

for (const [env, message] of cases) {
  t.test(`${JSON.stringify(env)} is rejected`, async t => {
    const error = t.throws(() => loadConfig(env), ConfigError) as ConfigError
    t.match(error.message, message)
    t.notMatch(error.message, /\n/, 'one line')
    t.equal(error.name, 'ConfigError')
  })
}

t.test('several bad values are all named in the same line', async t => {
  const error = t.throws(() => loadConfig({ PORT: 'x', DRAIN_DELAY_MS: 'y' })) as ConfigError
  t.match(error.message, /PORT must be integer, got "x"; DRAIN_DELAY_MS must be integer, got "y"/)
})
