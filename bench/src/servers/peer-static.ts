// The static servers a Node user picks instead of Fastify: sirv and serve-static, each on node:http, each with its
// own defaults (what `sirv(root)` and `serveStatic(root)` do out of the box).
import http from 'node:http'
import type { RunningServer } from './kinds.js'
import { listenNodeHttp } from './listen.js'

export interface PeerStaticOptions {
  engine: 'sirv' | 'serve-static'
  root: string
}

type Middleware = (request: http.IncomingMessage, response: http.ServerResponse, next: (err?: unknown) => void) => void

async function middlewareFor ({ engine, root }: PeerStaticOptions): Promise<Middleware> {
  if (engine === 'sirv') {
    const { default: sirv } = await import('sirv')
    return sirv(root)
  }
  const { default: serveStatic } = await import('serve-static')
  return serveStatic(root) as Middleware
}

export async function start (options: PeerStaticOptions): Promise<RunningServer> {
  const serve = await middlewareFor(options)
  const server = http.createServer((request, response) => {
    serve(request, response, () => {
      response.writeHead(404)
      response.end()
    })
  })
  return listenNodeHttp(server)
}
