import type { FastifyInstance } from 'fastify'
import { GW_GRACEFUL_CLOSE_LISTEN } from './errors.js'
import type { ExitFunction } from './options.js'

export interface ListenOptions {
  port: number
  host?: string
  /** Called with 1 when the address is taken, not permitted or not on this machine. Default `process.exit`. */
  exit?: ExitFunction
  /** Fastify's own listen option: the text of the "listening" log line. */
  listenTextResolver?: (address: string) => string
}

const explanations: Record<string, string> = {
  EADDRINUSE: 'the address is already in use (EADDRINUSE): stop the other process or pick another PORT',
  EACCES: 'permission denied (EACCES): ports below 1024 need privileges; pick a higher PORT or grant CAP_NET_BIND_SERVICE',
  EADDRNOTAVAIL: 'no such address on this machine (EADDRNOTAVAIL): check HOST, or listen on 0.0.0.0 in a container'
}

/**
 * `app.listen()` for a process entry point: EADDRINUSE, EACCES and EADDRNOTAVAIL become one clear
 * log line and exit code 1 instead of a stack trace. Other errors are rethrown. Resolves with the address.
 */
export async function listen (app: FastifyInstance, options: ListenOptions): Promise<string> {
  const host = options.host ?? '127.0.0.1'
  try {
    return await app.listen({ port: options.port, host, ...(options.listenTextResolver === undefined ? {} : { listenTextResolver: options.listenTextResolver }) })
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const explanation = typeof code === 'string' ? explanations[code] : undefined
    if (explanation === undefined) throw error
    const where = `${host}:${options.port}`
    const failure = new GW_GRACEFUL_CLOSE_LISTEN(where, explanation)
    // One line, no stack: the message says everything an operator can act on.
    app.log.error({ code: failure.code, cause: code, host, port: options.port }, failure.message)
    const exit = options.exit ?? ((exitCode: number) => process.exit(exitCode))
    exit(1)
    throw failure
  }
}
