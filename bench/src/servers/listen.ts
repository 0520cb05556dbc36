// Every server under test listens on the loopback interface and a free port.
import type { Server } from 'node:http'
import type { FastifyInstance } from 'fastify'
import type { RunningServer } from './kinds.js'

export async function listenFastify (app: FastifyInstance): Promise<RunningServer> {
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address')
  return { port: address.port, close: () => app.close() }
}

export async function listenNodeHttp (server: Server): Promise<RunningServer> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()))
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
