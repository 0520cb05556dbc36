import type { FastifyInstance } from 'fastify'
import type { DemoConfig } from '../../src/config.js'
import type { Transport } from '../../src/transport.js'
import { http1Client, http2Client, type ClientTls, type TestClient } from './clients.js'
import { listening } from './listen.js'
import { makeCertificate } from './tls.js'

export const transports: readonly Transport[] = ['http', 'https', 'h2c', 'h2']

/** The configuration that asks for a transport, with a fresh certificate when it is one over TLS. */
export function configFor (t: { testdir: () => string }, transport: Transport): { config: Partial<DemoConfig>, tls: ClientTls | undefined } {
  const http2 = transport === 'h2c' || transport === 'h2'
  if (transport === 'http' || transport === 'h2c') return { config: { http2 }, tls: undefined }
  const certificate = makeCertificate(t.testdir())
  return { config: { http2, tls: { certFile: certificate.certFile, keyFile: certificate.keyFile } }, tls: { ca: certificate.cert } }
}

export interface ServingOver {
  app: FastifyInstance
  port: number
  /** A client of the transport's own protocol: HTTP/1.1 for http and https, HTTP/2 for h2c and h2. */
  client: TestClient
  /** What a client needs to trust the server, for transports over TLS. */
  tls: ClientTls | undefined
}

/**
 * A demo app on a real socket speaking `transport`, and a client for it. The client is closed before
 * the app (teardowns run last-added first): an HTTP/2 server's close waits for its open sessions.
 */
export async function servingOver (t: { testdir: () => string, teardown: (fn: () => unknown) => void }, transport: Transport, overrides: Partial<DemoConfig> = {}): Promise<ServingOver> {
  const { config, tls } = configFor(t, transport)
  const { app, port } = await listening(t, { ...overrides, ...config })
  const client = transport === 'h2c' || transport === 'h2' ? await http2Client(port, tls) : http1Client(port, tls)
  t.teardown(() => client.close())
  return { app, port, client, tls }
}
