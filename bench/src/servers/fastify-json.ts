// Bare Fastify answering one JSON route: the baseline of the composed and keep-alive scenarios.
// With `keepAlive`, the same app with @groundwork/keep-alive registered (connection tracking on).
import Fastify from 'fastify'
import type { KeepAliveOptions } from '@groundwork/keep-alive'
import type { RunningServer } from './kinds.js'
import { listenFastify } from './listen.js'

export interface FastifyJsonOptions {
  path: string
  payload: unknown
  responseSchema?: object
  keepAlive?: KeepAliveOptions
}

export async function start ({ path, payload, responseSchema, keepAlive }: FastifyJsonOptions): Promise<RunningServer> {
  const app = Fastify({ logger: false })
  if (keepAlive !== undefined) {
    const { default: keepAlivePlugin } = await import('@groundwork/keep-alive')
    await app.register(keepAlivePlugin, keepAlive)
  }
  app.get(path, { schema: responseSchema === undefined ? {} : { response: { 200: responseSchema } } }, async () => payload)
  return listenFastify(app)
}
