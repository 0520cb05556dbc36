// The ceiling: node:http answering the same JSON as the Fastify servers, with no framework at all.
import http from 'node:http'
import type { RunningServer } from './kinds.js'
import { listenNodeHttp } from './listen.js'

export interface RawJsonOptions {
  path: string
  payload: unknown
}

export async function start ({ path, payload }: RawJsonOptions): Promise<RunningServer> {
  const server = http.createServer((request, response) => {
    if (request.method === 'GET' && request.url === path) {
      // Serialized per request, as a framework does.
      const body = JSON.stringify(payload)
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
      response.end(body)
    } else {
      response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' })
      response.end('{"statusCode":404}')
    }
  })
  return listenNodeHttp(server)
}
