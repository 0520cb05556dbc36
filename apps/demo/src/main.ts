import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import { loadConfig, type ConfigError } from './config.js'
import { loggerOptions } from './logger.js'

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
  try {
    config = loadConfig(env)
  } catch (error) {
    // loadConfig only throws ConfigError, whose message is the one line to print.
    writeError(`${(error as ConfigError).message}\n`)
    return undefined
  }

  const logger = loggerOptions(config.logLevel, pretty)
  const app = await buildApp(config, { logger: logStream === undefined ? logger : { ...logger, stream: logStream }, handleSignals: true })
  try {
    await app.listen({ port: config.port, host: config.host, listenTextResolver })
  } catch (error) {
    await app.close()
    const explanation = listenErrors[String((error as { code?: unknown }).code)]
    if (explanation === undefined) throw error
    // One line an operator can act on, not a stack trace.
    app.log.error(`Cannot listen on ${config.host}:${config.port}: ${explanation}`)
    return undefined
  }
  return app
}

const listenTextResolver = (address: string): string => `Server listening on ${address}`

const listenErrors: Record<string, string> = {
  EADDRINUSE: 'the address is already in use (EADDRINUSE); stop the other process or set another PORT',
  EACCES: 'permission denied (EACCES); ports below 1024 need privileges, set a higher PORT',
  EADDRNOTAVAIL: 'no such address on this machine (EADDRNOTAVAIL); check HOST'
}
