// One request over cleartext HTTP/2 with prior knowledge (h2c), the only thing a demo started with
// HTTP2=true and no certificate speaks: fetch() and node:http would get no answer from it.
import { connect } from 'node:http2'

export async function h2cGet (origin: string, path: string, timeoutMs: number): Promise<{ status: number, body: string }> {
  const session = connect(origin)
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to GET ${path} over h2c within ${timeoutMs} ms`)), timeoutMs)
      session.once('error', error => { clearTimeout(timer); reject(error) })
      const stream = session.request({ ':method': 'GET', ':path': path })
      let status = 0
      let body = ''
      stream.setEncoding('utf8')
      stream.once('response', headers => { status = Number(headers[':status']) })
      stream.on('data', (chunk: string) => { body += chunk })
      stream.once('end', () => { clearTimeout(timer); resolve({ status, body }) })
      stream.once('error', error => { clearTimeout(timer); reject(error) })
      stream.end()
    })
  } finally {
    session.destroy()
  }
}
