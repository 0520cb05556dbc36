// TLS_CERT_FILE and TLS_KEY_FILE are read and checked (by Node's own createSecureContext) before the
// app is built: whatever is wrong is one line on stderr naming the variable and the file, no server,
// and exit code 1, never a stack trace from the server's constructor.
import t from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { main } from '../src/main.js'
import { encryptKey, makeCertificate } from './helpers/tls.js'

const server = fileURLToPath(new URL('../dist/server.js', import.meta.url))
const quoted = (file: string): string => JSON.stringify(file)
// OpenSSL's own reason, as Node reports it: `error:<hex code>:<library>::<reason>`.
const openssl = String.raw`\(error:[0-9A-F]{8}:[^)]+\)`
const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

interface Case {
  name: string
  env: (dir: string) => { env: Record<string, string>, line: RegExp }
}

const cases: Case[] = [
  {
    name: 'a certificate file that does not exist',
    env: (dir) => {
      const { keyFile } = makeCertificate(dir)
      const certFile = join(dir, 'missing.pem')
      return { env: { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile }, line: new RegExp(`^Invalid environment: TLS_CERT_FILE ${escaped(quoted(certFile))} cannot be read \\(ENOENT: no such file or directory\\)$`) }
    }
  },
  {
    name: 'a key path that is a directory',
    env: (dir) => {
      const { certFile } = makeCertificate(dir)
      const keyFile = join(dir, 'a-directory')
      mkdirSync(keyFile)
      return { env: { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile }, line: new RegExp(`^Invalid environment: TLS_KEY_FILE ${escaped(quoted(keyFile))} cannot be read \\(EISDIR: illegal operation on a directory\\)$`) }
    }
  },
  {
    name: 'a certificate file that is not PEM',
    env: (dir) => {
      const { keyFile } = makeCertificate(dir)
      const certFile = join(dir, 'not-pem.txt')
      writeFileSync(certFile, 'this is not a certificate\n')
      return { env: { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile }, line: new RegExp(`^Invalid environment: TLS_CERT_FILE ${escaped(quoted(certFile))} is not a usable PEM certificate ${openssl}$`) }
    }
  },
  {
    name: 'a key file that is not PEM',
    env: (dir) => {
      const { certFile } = makeCertificate(dir)
      const keyFile = join(dir, 'empty-key.pem')
      writeFileSync(keyFile, '')
      return { env: { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile }, line: new RegExp(`^Invalid environment: TLS_KEY_FILE ${escaped(quoted(keyFile))} is not a usable PEM private key ${openssl}$`) }
    }
  },
  {
    name: 'the two files swapped: both named, in one line',
    env: (dir) => {
      const { certFile, keyFile } = makeCertificate(dir)
      return {
        env: { TLS_CERT_FILE: keyFile, TLS_KEY_FILE: certFile },
        line: new RegExp(`^Invalid environment: TLS_CERT_FILE ${escaped(quoted(keyFile))} is not a usable PEM certificate ${openssl}; TLS_KEY_FILE ${escaped(quoted(certFile))} is not a usable PEM private key ${openssl}$`)
      }
    }
  },
  {
    name: 'an encrypted key (the demo takes no passphrase)',
    env: (dir) => {
      const { certFile, keyFile } = makeCertificate(dir)
      const encrypted = encryptKey(keyFile, join(dir, 'encrypted-key.pem'))
      return {
        env: { TLS_CERT_FILE: certFile, TLS_KEY_FILE: encrypted },
        line: new RegExp(`^Invalid environment: TLS_KEY_FILE ${escaped(quoted(encrypted))} is an encrypted private key and the demo takes no passphrase: decrypt it \\(openssl pkey -in ${escaped(encrypted)} -out plain-key\\.pem\\) ${openssl}$`)
      }
    }
  },
  {
    name: 'the key of another certificate',
    env: (dir) => {
      const { certFile } = makeCertificate(dir, 'one')
      const { keyFile } = makeCertificate(dir, 'other')
      return {
        env: { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile },
        line: new RegExp(`^Invalid environment: TLS_KEY_FILE ${escaped(quoted(keyFile))} is not the key of the certificate in TLS_CERT_FILE ${escaped(quoted(certFile))} ${openssl}$`)
      }
    }
  },
  {
    name: 'neither file exists',
    env: (dir) => {
      const certFile = join(dir, 'no-cert.pem')
      const keyFile = join(dir, 'no-key.pem')
      return {
        env: { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile },
        line: new RegExp(`^Invalid environment: TLS_CERT_FILE ${escaped(quoted(certFile))} cannot be read \\(ENOENT: [^)]+\\); TLS_KEY_FILE ${escaped(quoted(keyFile))} cannot be read \\(ENOENT: [^)]+\\)$`)
      }
    }
  }
]

for (const { name, env } of cases) {
  for (const http2 of ['', 'true']) {
    t.test(`${name}${http2 === '' ? '' : ', with HTTP2=true'}: one line and no server`, async t => {
      const { env: tlsEnv, line } = env(t.testdir())
      const written: string[] = []
      const app = await main({
        env: { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', HTTP2: http2, ...tlsEnv },
        pretty: false,
        writeError: (text) => { written.push(text) }
      })
      t.equal(app, undefined, 'no server')
      t.equal(written.length, 1, 'one write')
      t.match(written[0], /\n$/, 'a whole line')
      t.equal(written[0]!.split('\n').length, 2, 'one line only')
      t.match(written[0]!.trimEnd(), line)
    })
  }
}

async function run (env: Record<string, string>): Promise<{ code: number | null, stdout: string, stderr: string }> {
  const child = spawn(process.execPath, [server], {
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const [code] = await once(child, 'exit') as [number | null]
  return { code, stdout, stderr }
}

t.test('the real process: a missing certificate is one line on stderr, nothing on stdout, exit code 1', async t => {
  const dir = t.testdir()
  const { keyFile } = makeCertificate(dir)
  const certFile = join(dir, 'missing.pem')
  const { code, stdout, stderr } = await run({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile })
  t.equal(code, 1)
  t.equal(stdout, '')
  t.equal(stderr, `Invalid environment: TLS_CERT_FILE ${quoted(certFile)} cannot be read (ENOENT: no such file or directory)\n`)
})

t.test('the real process with HTTP2=true: a key of another certificate is one line, exit code 1', async t => {
  const dir = t.testdir()
  const { certFile } = makeCertificate(dir, 'one')
  const { keyFile } = makeCertificate(dir, 'other')
  const { code, stdout, stderr } = await run({ HTTP2: 'true', TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile })
  t.equal(code, 1)
  t.equal(stdout, '')
  t.equal(stderr.split('\n').length, 2, 'one line')
  t.match(stderr.trimEnd(), new RegExp(`^Invalid environment: TLS_KEY_FILE ${escaped(quoted(keyFile))} is not the key of the certificate in TLS_CERT_FILE ${escaped(quoted(certFile))} ${openssl}$`))
})
