import type { FastifyInstance } from 'fastify'
import { GW_GRACEFUL_CLOSE_LISTEN, listen } from '@groundwork/graceful-close'
import { buildApp } from './app.js'
import { loadConfig, type ConfigError } from './config.js'
import { DEMO_METRICS_LISTEN } from './errors.js'
import { loggerOptions } from './logger.js'
import { readTlsFiles } from './tls-files.js'
import { listenText, transportOf } from './transport.js'

export interface MainOptions {
  env: Record<string, string | undefined>
  /** Pretty logs for a human at a terminal, JSON lines otherwise. */
  pretty: boolean
  writeError: (line: string) => void
  /** Where log lines go instead of stdout (tests). */
  logStream?: { write: (line: string) => void }
}

/**
 * Everything `node dist/server.js` does: read the environment, build the app, listen, and leave
 * SIGTERM/SIGINT to graceful-close. Returns the listening app, or undefined after a bad environment
 * or an address it cannot listen on (already reported as one line): the process should then exit with 1.
 */
export async function main ({ env, pretty, writeError, logStream }: MainOptions): Promise<FastifyInstance | undefined> {
  let config
  let tls
  try {
    config = loadConfig(env)
    // Before the app is built: a certificate problem is one line here, not a stack from the server's constructor.
    tls = config.tls === undefined ? undefined : await readTlsFiles(config.tls)
  } catch (error) {
    // Both only throw ConfigError, whose message is the one line to print.
    writeError(`${(error as ConfigError).message}\n`)
    return undefined
  }

  const logger = loggerOptions(config.logLevel, pretty)
  const app = await buildApp(config, { logger: logStream === undefined ? logger : { ...logger, stream: logStream }, handleSignals: true, tls })
  try {
    // exit does nothing: server.ts sets the exit code once main() has returned.
    await listen(app, { port: config.port, host: config.host, listenTextResolver: listenText(transportOf(config)), exit: () => {} })
  } catch (error) {
    await app.close()
    // The address problems an operator can act on are already one log line; anything else is a bug.
    if (error instanceof GW_GRACEFUL_CLOSE_LISTEN || error instanceof DEMO_METRICS_LISTEN) return undefined
    throw error
  }
  return app
}
