import { fileURLToPath } from 'node:url'
import envSchema from 'env-schema'

export interface DemoConfig {
  port: number
  host: string
  logLevel: LogLevel
  bodyLimit: number
  keepAliveTimeoutMs?: number
  headersTimeoutMs?: number
  requestTimeoutMs?: number
  upstreamIdleTimeoutMs?: number
  drainDelayMs: number
  shutdownTimeoutMs: number
  /** How often /api/events and a subscribed /api/ws push the stats. */
  statsIntervalMs: number
  /** graceful-close's longLivedTimeout: how long WebSockets and event streams get to close once the drain starts. */
  longLivedTimeoutMs: number
  publicDir: string
  crashRoute: boolean
  maxUsers: number
  /** Append every created user to this file (see users-audit.ts); unset: no audit. */
  usersAuditFile?: string
  /** Serve GET /metrics on this port (0: any free one); unset: no metrics server. */
  metricsPort?: number
  /** The metrics server's address; 127.0.0.1 unless a scraper elsewhere must reach it. */
  metricsHost: string
  /** While this file exists, readiness answers 503 (maintenance); unset: no maintenance switch. */
  maintenanceFile?: string
  /** HTTP2: HTTP/2, cleartext with prior knowledge (h2c), or over TLS with HTTP/1.1 beside it when `tls` is set. */
  http2: boolean
  /** TLS_CERT_FILE and TLS_KEY_FILE, always both: serve TLS (read and checked by tls-files.ts); unset: cleartext. */
  tls?: TlsFileNames
}

/** The PEM files a TLS server is made from: the certificate (chain) and its private key. */
export interface TlsFileNames {
  certFile: string
  keyFile: string
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export const defaultPublicDir = fileURLToPath(new URL('../public', import.meta.url))

const logLevels: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']
const flagValues = ['', '0', '1', 'false', 'true']

const milliseconds = { type: 'integer', minimum: 0, maximum: 2_147_483_647 }

const schema = {
  type: 'object',
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3000 },
    HOST: { type: 'string', minLength: 1, default: '127.0.0.1' },
    LOG_LEVEL: { type: 'string', enum: logLevels, default: 'info' },
    BODY_LIMIT: { type: 'integer', minimum: 1, maximum: 2_147_483_647, default: 1_048_576 },
    KEEP_ALIVE_TIMEOUT_MS: milliseconds,
    HEADERS_TIMEOUT_MS: milliseconds,
    REQUEST_TIMEOUT_MS: milliseconds,
    UPSTREAM_IDLE_TIMEOUT_MS: milliseconds,
    DRAIN_DELAY_MS: { ...milliseconds, default: 0 },
    SHUTDOWN_TIMEOUT_MS: { ...milliseconds, minimum: 1, default: 10_000 },
    // Below 50 ms a page of streams is mostly timer work; above a minute the numbers are no longer live.
    STATS_INTERVAL_MS: { type: 'integer', minimum: 50, maximum: 60_000, default: 1000 },
    LONG_LIVED_TIMEOUT_MS: { ...milliseconds, default: 1000 },
    PUBLIC_DIR: { type: 'string', minLength: 1, default: defaultPublicDir },
    DEMO_CRASH_ROUTE: { type: 'string', enum: flagValues, default: '' },
    // A user takes a few hundred bytes: the default bounds the store to a few MB. A larger cap is
    // the operator's choice (a load test that creates a user per request needs millions).
    MAX_USERS: { type: 'integer', minimum: 1, maximum: 2_147_483_647, default: 10_000 },
    USERS_AUDIT_FILE: { type: 'string', minLength: 1 },
    METRICS_PORT: { type: 'integer', minimum: 0, maximum: 65535 },
    // Loopback by default: the metrics tell the world about the process, a scraper is on the inside.
    METRICS_HOST: { type: 'string', minLength: 1, default: '127.0.0.1' },
    MAINTENANCE_FILE: { type: 'string', minLength: 1 },
    HTTP2: { type: 'string', enum: flagValues, default: '' },
    TLS_CERT_FILE: { type: 'string', minLength: 1 },
    TLS_KEY_FILE: { type: 'string', minLength: 1 }
  }
}

/** Every variable the demo reads (turbo passes each to `pnpm demo`, and the README documents each). */
export const environmentVariables: readonly string[] = Object.keys(schema.properties)

interface RawEnv {
  PORT: number
  HOST: string
  LOG_LEVEL: LogLevel
  BODY_LIMIT: number
  KEEP_ALIVE_TIMEOUT_MS?: number
  HEADERS_TIMEOUT_MS?: number
  REQUEST_TIMEOUT_MS?: number
  UPSTREAM_IDLE_TIMEOUT_MS?: number
  DRAIN_DELAY_MS: number
  SHUTDOWN_TIMEOUT_MS: number
  STATS_INTERVAL_MS: number
  LONG_LIVED_TIMEOUT_MS: number
  PUBLIC_DIR: string
  DEMO_CRASH_ROUTE: string
  MAX_USERS: number
  USERS_AUDIT_FILE?: string
  METRICS_PORT?: number
  METRICS_HOST: string
  MAINTENANCE_FILE?: string
  HTTP2: string
  TLS_CERT_FILE?: string
  TLS_KEY_FILE?: string
}

interface SchemaError {
  instancePath: string
  message?: string
  params: Record<string, unknown>
}

/** A configuration problem, worded to be printed as one line. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * Reads and validates the demo's configuration from environment variables.
 * Throws a ConfigError naming every bad variable and the value it had.
 */
export function loadConfig (env: Record<string, string | undefined> = process.env): DemoConfig {
  const data = { ...env }
  let raw: RawEnv
  try {
    raw = envSchema<RawEnv>({ schema, data, env: false })
  } catch (error) {
    throw new ConfigError(describe((error as { errors: SchemaError[] }).errors, env))
  }
  // Port 0 on both is two free ports; the same fixed one would fail at listen with a misleading line.
  if (raw.METRICS_PORT !== undefined && raw.METRICS_PORT !== 0 && raw.METRICS_PORT === raw.PORT) {
    throw new ConfigError(`Invalid environment: METRICS_PORT must differ from PORT, got ${JSON.stringify(env['METRICS_PORT'])}`)
  }
  // A certificate without its key (or the reverse) is a half-done TLS setup, not a wish for cleartext.
  if ((raw.TLS_CERT_FILE === undefined) !== (raw.TLS_KEY_FILE === undefined)) {
    const [given, missing] = raw.TLS_CERT_FILE === undefined ? ['TLS_KEY_FILE', 'TLS_CERT_FILE'] : ['TLS_CERT_FILE', 'TLS_KEY_FILE']
    throw new ConfigError(`Invalid environment: TLS_CERT_FILE and TLS_KEY_FILE must be set together, got ${given} ${JSON.stringify(env[given])} and no ${missing}`)
  }
  return {
    port: raw.PORT,
    host: raw.HOST,
    logLevel: raw.LOG_LEVEL,
    bodyLimit: raw.BODY_LIMIT,
    keepAliveTimeoutMs: raw.KEEP_ALIVE_TIMEOUT_MS,
    headersTimeoutMs: raw.HEADERS_TIMEOUT_MS,
    requestTimeoutMs: raw.REQUEST_TIMEOUT_MS,
    upstreamIdleTimeoutMs: raw.UPSTREAM_IDLE_TIMEOUT_MS,
    drainDelayMs: raw.DRAIN_DELAY_MS,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
    statsIntervalMs: raw.STATS_INTERVAL_MS,
    longLivedTimeoutMs: raw.LONG_LIVED_TIMEOUT_MS,
    publicDir: raw.PUBLIC_DIR,
    crashRoute: isOn(raw.DEMO_CRASH_ROUTE),
    maxUsers: raw.MAX_USERS,
    usersAuditFile: raw.USERS_AUDIT_FILE,
    metricsPort: raw.METRICS_PORT,
    metricsHost: raw.METRICS_HOST,
    maintenanceFile: raw.MAINTENANCE_FILE,
    http2: isOn(raw.HTTP2),
    ...(raw.TLS_CERT_FILE === undefined ? {} : { tls: { certFile: raw.TLS_CERT_FILE, keyFile: raw.TLS_KEY_FILE as string } })
  }
}

function isOn (flag: string): boolean {
  return flag === '1' || flag === 'true'
}

function describe (errors: SchemaError[], env: Record<string, string | undefined>): string {
  const problems = errors.map(error => {
    const name = error.instancePath.slice(1)
    const allowed = Array.isArray(error.params['allowedValues'])
      ? ` (one of: ${(error.params['allowedValues'] as string[]).filter(Boolean).join(', ')})`
      : ''
    return `${name} ${error.message}${allowed}, got ${JSON.stringify(env[name])}`
  })
  return `Invalid environment: ${problems.join('; ')}`
}
