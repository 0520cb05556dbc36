// The ceiling for a small static file: node:http answering one file's bytes, read once at start,
// with headers built once. No path handling, no validators, no framework: no Node server can
// answer that file with less work per request.
import { readFile } from 'node:fs/promises'
import http from 'node:http'

/**
 * @param {{ path: string, file: string }} options the URL path and the file whose bytes it answers
 * @returns {Promise<import('./kinds.js').RunningServer>}
 */
export async function start ({ path, file }) {
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
  await new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address')
  return {
    port: address.port,
    close: () => new Promise(resolve => {
      server.close(resolve)
      server.closeAllConnections()
    })
  }
}
