// Files from one root, served by @groundwork/static (hot cache on) or by @fastify/static.
import Fastify from 'fastify'
import type { StaticOptions } from '@groundwork/static'
import type { RunningServer } from './kinds.js'
import { listenFastify } from './listen.js'

export interface StaticServerOptions {
  engine: 'groundwork' | 'fastify-static'
  root: string
  /** more of @groundwork/static's options (the scenarios pass none to @fastify/static) */
  options?: Omit<StaticOptions, 'root'>
}

export async function start ({ engine, root, options = {} }: StaticServerOptions): Promise<RunningServer> {
  const app = Fastify({ logger: false })
  if (engine === 'groundwork') {
    const { default: staticPlugin } = await import('@groundwork/static')
    await app.register(staticPlugin, { root, ...options })
  } else {
    const { default: fastifyStatic } = await import('@fastify/static')
    await app.register(fastifyStatic, { root, ...options })
  }
  return listenFastify(app)
}
