// Bare Fastify answering one JSON route: the baseline of the composed and keep-alive scenarios.
// With `keepAlive`, the same app with @groundwork/keep-alive registered (connection tracking on);
// with `http2`, the same app on cleartext HTTP/2 (`http2: true`), the HTTP/2 row's baseline.
import Fastify, { type FastifyInstance } from 'fastify'
import type { KeepAliveOptions } from '@groundwork/keep-alive'
import type { RunningServer } from './kinds.js'
import { listenFastify } from './listen.js'

export interface FastifyJsonOptions {
  path: string
  payload: unknown
  responseSchema?: object
  keepAlive?: KeepAliveOptions
  http2?: boolean
}

export async function start ({ path, payload, responseSchema, keepAlive, http2 = false }: FastifyJsonOptions): Promise<RunningServer> {
  // One instance type for both transports: nothing below depends on which server Fastify made.
  const app = (http2 ? Fastify({ logger: false, http2: true }) : Fastify({ logger: false })) as unknown as FastifyInstance
  if (keepAlive !== undefined) {
    const { default: keepAlivePlugin } = await import('@groundwork/keep-alive')
    await app.register(keepAlivePlugin, keepAlive)
  }
  app.get(path, { schema: responseSchema === undefined ? {} : { response: { 200: responseSchema } } }, async () => payload)
  return listenFastify(app)
}
