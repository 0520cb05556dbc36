import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface TestCertificate {
  certFile: string
  keyFile: string
  /** The certificate itself: self-signed, so clients can trust it as their only CA. */
  cert: Buffer
  key: Buffer
}

/**
 * A fresh self-signed P-256 certificate for localhost and 127.0.0.1, valid one day, made with
 * openssl in `dir` (a test's `t.testdir()`, removed when the test ends). `name` tells two pairs apart.
 */
export function makeCertificate (dir: string, name = 'localhost'): TestCertificate {
  const certFile = join(dir, `${name}-cert.pem`)
  const keyFile = join(dir, `${name}-key.pem`)
  const run = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', keyFile, '-out', certFile
  ], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`openssl could not make a test certificate (exit ${run.status}): ${run.error?.message ?? run.stderr}`)
  return { certFile, keyFile, cert: readFileSync(certFile), key: readFileSync(keyFile) }
}

/** The same key, encrypted with a passphrase (which the demo cannot be given). */
export function encryptKey (keyFile: string, outFile: string): string {
  const run = spawnSync('openssl', ['pkey', '-in', keyFile, '-aes-128-cbc', '-passout', 'pass:secret', '-out', outFile], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`openssl could not encrypt ${keyFile} (exit ${run.status}): ${run.error?.message ?? run.stderr}`)
  return outFile
}
