import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.js'
import { testConfig } from './config.js'
import type { DemoConfig } from '../../src/config.js'

/** A demo app on a real socket (127.0.0.1, a free port), closed when the test ends. */
export async function listening (t: { teardown: (fn: () => unknown) => void }, overrides: Partial<DemoConfig> = {}): Promise<{ app: FastifyInstance, port: number }> {
  const app = await buildApp(testConfig(overrides))
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, port: (app.server.address() as { port: number }).port }
}
