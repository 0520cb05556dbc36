import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { loadConfig, type ConfigError } from './config.js'
import { loggerOptions } from './logger.js'

export interface MainOptions {
  env: Record<string, string | undefined>
  /** Pretty logs for a human at a terminal, JSON lines otherwise. */
  pretty: boolean
  writeError: (line: string) => void
}

/**
 * Everything `node dist/server.js` does: read the environment, build the app, listen, and leave
 * SIGTERM/SIGINT to graceful-close. Returns the listening app, or undefined after a config error
 * (already reported as one line), in which case the process should exit with 1.
 */
export async function main ({ env, pretty, writeError }: MainOptions): Promise<FastifyInstance | undefined> {
  let config
  try {
    config = loadConfig(env)
  } catch (error) {
    // loadConfig only throws ConfigError, whose message is the one line to print.
    writeError(`${(error as ConfigError).message}\n`)
    return undefined
  }

  const app = await buildApp(config, { logger: loggerOptions(config.logLevel, pretty), handleSignals: true })
  await app.listen({ port: config.port, host: config.host })
  return app
}
