import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import body from '@groundwork/body'
import gracefulClose from '@groundwork/graceful-close'
import keepAlive from '@groundwork/keep-alive'
import routing from '@groundwork/routing'
import staticFiles from '@groundwork/static'

export interface DemoOptions {
  publicDir: string
  logger?: FastifyServerOptions['logger']
}

export async function buildApp (options: DemoOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false })
  await app.register(routing)
  await app.register(body)
  await app.register(keepAlive)
  await app.register(gracefulClose)
  await app.register(staticFiles, { root: options.publicDir })
  app.get('/api/users', async () => [])
  return app
}
