import t from 'tap'
import { main } from '../src/main.js'
import type { Transport } from '../src/transport.js'
import { makeCertificate } from './helpers/tls.js'

const lines: Record<Transport, (port: number) => string> = {
  http: (port) => `Server listening on http://127.0.0.1:${port} (http)`,
  https: (port) => `Server listening on https://127.0.0.1:${port} (https)`,
  h2c: (port) => `Server listening on http://127.0.0.1:${port} (h2c)`,
  h2: (port) => `Server listening on https://127.0.0.1:${port} (h2 + http/1.1 over TLS)`
}

for (const transport of ['http', 'https', 'h2c', 'h2'] as const) {
  t.test(`${transport}: "Server listening on" gives the URL with its scheme, then the transport`, async t => {
    const env: Record<string, string> = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' }
    if (transport === 'h2c' || transport === 'h2') env['HTTP2'] = 'true'
    if (transport === 'https' || transport === 'h2') {
      const { certFile, keyFile } = makeCertificate(t.testdir())
      env['TLS_CERT_FILE'] = certFile
      env['TLS_KEY_FILE'] = keyFile
    }
    const logged: Array<{ msg: string }> = []
    const app = await main({
      env,
      pretty: false,
      writeError: (line) => { t.fail(`no config error expected: ${line}`) },
      logStream: { write: (line) => { logged.push(JSON.parse(line)) } }
    })
    t.ok(app)
    t.teardown(() => app?.close())
    const port = (app!.server.address() as { port: number }).port
    const listeningLines = logged.map(line => line.msg).filter(msg => msg.startsWith('Server listening on'))
    t.same(listeningLines, [lines[transport](port)])
  })
}
