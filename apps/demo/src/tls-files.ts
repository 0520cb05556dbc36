import { readFile } from 'node:fs/promises'
import { createSecureContext } from 'node:tls'
import { ConfigError, type TlsFileNames } from './config.js'

/** A certificate (chain) and its private key, read and checked: what `https: { key, cert }` takes. */
export interface TlsFiles {
  cert: Buffer
  key: Buffer
}

/** What a file that Node's TLS refuses is not, for each variable; OpenSSL's own reason follows in the line. */
const notUsable = {
  TLS_CERT_FILE: 'is not a usable PEM certificate',
  TLS_KEY_FILE: 'is not a usable PEM private key'
}

// The demo has no passphrase to give: say what to do, not only that decryption failed.
const encryptedKey = (file: string): string => `is an encrypted private key and the demo takes no passphrase: decrypt it (openssl pkey -in ${file} -out plain-key.pem)`

/**
 * Reads TLS_CERT_FILE and TLS_KEY_FILE and lets Node's own TLS (createSecureContext, what the
 * server will call with them) say whether they are usable: each alone, then the pair, so the line
 * names the file at fault. Every problem is a ConfigError worded as one line, so a missing file,
 * a key given as the certificate or a key of another certificate is caught at start, before the
 * app is built, rather than as a stack trace from inside the server's constructor.
 */
export async function readTlsFiles (names: TlsFileNames): Promise<TlsFiles> {
  const [cert, key] = await Promise.all([read('TLS_CERT_FILE', names.certFile), read('TLS_KEY_FILE', names.keyFile)])
  const problems = [
    typeof cert === 'string' ? cert : unusable('TLS_CERT_FILE', names.certFile, () => createSecureContext({ cert })),
    typeof key === 'string' ? key : unusable('TLS_KEY_FILE', names.keyFile, () => createSecureContext({ key }))
  ].filter(problem => problem !== undefined)
  if (problems.length === 0) {
    // Each is fine alone: what is left to go wrong is the pair (a key of another certificate).
    const pair = failureOf(() => createSecureContext({ cert: cert as Buffer, key: key as Buffer }))
    if (pair !== undefined) problems.push(`TLS_KEY_FILE ${JSON.stringify(names.keyFile)} is not the key of the certificate in TLS_CERT_FILE ${JSON.stringify(names.certFile)} (${pair.message})`)
  }
  if (problems.length > 0) throw new ConfigError(`Invalid environment: ${problems.join('; ')}`)
  return { cert: cert as Buffer, key: key as Buffer }
}

/** The file's bytes, or the one-line problem naming the variable and the file. */
async function read (variable: string, file: string): Promise<Buffer | string> {
  try {
    return await readFile(file)
  } catch (error) {
    // "ENOENT: no such file or directory, open '/x'": the file is named already, keep the reason.
    const reason = (error as Error).message.replace(/, \w+(?: '.*')?$/, '')
    return `${variable} ${JSON.stringify(file)} cannot be read (${reason})`
  }
}

/** What is wrong with one file, in one line naming the variable and the file, or undefined when Node takes it. */
function unusable (variable: keyof typeof notUsable, file: string, attempt: () => unknown): string | undefined {
  const failure = failureOf(attempt)
  if (failure === undefined) return undefined
  const reason = failure.code === 'ERR_OSSL_BAD_DECRYPT' ? encryptedKey(file) : notUsable[variable]
  return `${variable} ${JSON.stringify(file)} ${reason} (${failure.message})`
}

function failureOf (attempt: () => unknown): { code?: string, message: string } | undefined {
  try {
    attempt()
    return undefined
  } catch (error) {
    return error as { code?: string, message: string }
  }
}
