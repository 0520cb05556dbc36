import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'
import type { LogLevel } from './config.js'

/**
 * One log line per request, written when the response is done, carrying method, url, status and
 * duration. Fastify's default writes two lines ("incoming request", "request completed") and the
 * second lacks method and url. This uses Fastify's own logging points, so it adds no hook.
 */
export class RequestLineLogController extends LogController {
  override incomingRequest (): void {}

  override requestCompleted (error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      responseTime: reply.elapsedTime
    }
    if (error) {
      reply.log.error({ ...line, err: error }, 'request errored')
    } else {
      reply.log.info(line, 'request completed')
    }
  }

  /**
   * Fastify logs every error its default handler answers. A client's 4xx is already in the request
   * line (status), so its details go to debug; a 5xx is a server fault and stays an error, with the stack.
   */
  override defaultErrorLog (error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if (reply.statusCode >= 500) {
      reply.log.error({ method: request.method, url: request.url, err: error }, error.message)
    } else {
      reply.log.debug({ err: error }, error.message)
    }
  }
}

export interface DemoLoggerOptions {
  level: LogLevel
  transport?: { target: string, options: Record<string, unknown> }
}

/** Pretty, human-readable lines on a terminal; JSON lines (for log collectors) otherwise. */
export function loggerOptions (level: LogLevel, pretty: boolean): DemoLoggerOptions {
  if (!pretty) return { level }
  return {
    level,
    transport: {
      target: 'pino-pretty',
      options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname' }
    }
  }
}
