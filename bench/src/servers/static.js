// Files from one root, served by @groundwork/static (hot cache on) or by @fastify/static.
import Fastify from 'fastify'
import { listenFastify } from './listen.js'

/**
 * @param {{ engine: 'groundwork' | 'fastify-static', root: string, options?: Record<string, unknown> }} options
 */
export async function start ({ engine, root, options = {} }) {
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
