// An echo route behind @groundwork/body, or behind Fastify's built-in JSON parser and @fastify/formbody.
import Fastify from 'fastify'
import type { RunningServer } from './kinds.js'
import { listenFastify } from './listen.js'

export interface BodyServerOptions {
  parser: 'groundwork' | 'fastify'
  bodyLimit?: number
  linger?: false
}

export async function start ({ parser, bodyLimit, linger }: BodyServerOptions): Promise<RunningServer> {
  const app = Fastify({ logger: false, ...(bodyLimit === undefined ? {} : { bodyLimit }) })
  if (parser === 'groundwork') {
    const { default: bodyPlugin } = await import('@groundwork/body')
    await app.register(bodyPlugin, { ...(bodyLimit === undefined ? {} : { bodyLimit }), ...(linger === undefined ? {} : { linger }) })
  } else {
    const { default: formbody } = await import('@fastify/formbody')
    await app.register(formbody)
  }
  app.post('/echo', async (request) => request.body)
  return listenFastify(app)
}
