// The ceiling for a small static file: node:http answering one file's bytes, read once at start,
// with headers built once. No path handling, no validators, no framework: no Node server can
// answer that file with less work per request.
import { readFile } from 'node:fs/promises'
import http from 'node:http'
import type { RunningServer } from './kinds.js'
import { listenNodeHttp } from './listen.js'

export interface RawFileOptions {
  /** the URL path */
  path: string
  /** the file whose bytes it answers */
  file: string
}

export async function start ({ path, file }: RawFileOptions): Promise<RunningServer> {
  const body = await readFile(file)
  const headers = ['content-type', 'text/plain; charset=utf-8', 'content-length', String(body.length), 'x-content-type-options', 'nosniff']
  const server = http.createServer((request, response) => {
    if (request.url === path) {
      response.writeHead(200, headers)
      response.end(body)
    } else {
      response.writeHead(404)
      response.end()
    }
  })
  return listenNodeHttp(server)
}
