import t from 'tap'
import Fastify from 'fastify'
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import staticFiles from '../src/index.js'

// Raw sockets on purpose: HTTP clients (and inject) normalise "..", "%2e" and backslashes before sending.
function rawGet (port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let data = ''
    socket.setEncoding('latin1')
    socket.on('data', chunk => { data += chunk })
    socket.on('end', () => resolve(data))
    socket.on('error', reject)
    socket.write(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n`, 'latin1')
  })
}

const CORPUS = [
  '/../secret.txt',
  '/../../secret.txt',
  '/sub/../../secret.txt',
  '/%2e%2e/secret.txt',
  '/%2E%2E/secret.txt',
  '/.%2e/secret.txt',
  '/%2e./secret.txt',
  '/..%2fsecret.txt',
  '/..%2Fsecret.txt',
  '/%2e%2e%2fsecret.txt',
  '/sub/%2e%2e%2f%2e%2e%2fsecret.txt',
  '/..%5csecret.txt',
  '/..%5Csecret.txt',
  '/%2e%2e%5csecret.txt',
  '/..\\secret.txt',
  '/sub\\..\\..\\secret.txt',
  '/%252e%252e/secret.txt',
  '/%252e%252e%252fsecret.txt',
  '/..%252fsecret.txt',
  '/%c0%ae%c0%ae/secret.txt',
  '/%c0%ae%c0%ae%c0%afsecret.txt',
  '/%e0%80%ae%e0%80%ae/secret.txt',
  '/..%c0%afsecret.txt',
  '/..%c1%9csecret.txt',
  '/%uff0e%uff0e/secret.txt',
  '/sub/..%00/secret.txt',
  '/sub%00/../../secret.txt',
  '/%00../secret.txt',
  '/..;/secret.txt',
  '//secret.txt',
  '/./../secret.txt',
  '/sub/./../../secret.txt',
  '/%2fsecret.txt',
  '/%2f%2e%2e%2fsecret.txt',
  '/....//secret.txt',
  '/..../secret.txt',
  '/sub/..%2f..%2fsecret.txt',
  '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/..%u2216secret.txt',
  '/%ef%bc%8e%ef%bc%8e/secret.txt'
]

t.test('no encoding of a traversal reaches the secret planted next to the root', async t => {
  const dir = t.testdir({ 'secret.txt': 'TOPSECRET', site: { 'index.html': 'home', sub: { 'a.txt': 'a' } } })
  const root = path.join(dir, 'site')
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root, spa: { apiPrefixes: [] } })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo

  t.ok(CORPUS.length >= 25)
  for (const target of CORPUS) {
    const response = await rawGet(port, target)
    const status = Number(response.slice(9, 12))
    t.notMatch(response, /TOPSECRET/, target)
    t.ok(status >= 200 && status < 500, `${target} -> ${status}`)
    if (status === 200) t.match(response, /\r\n\r\nhome$/, `${target} may only get the SPA index`)
  }
  // The server is still healthy afterwards.
  t.match(await rawGet(port, '/sub/a.txt'), /\r\n\r\na$/)
})
