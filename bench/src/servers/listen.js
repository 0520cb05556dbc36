// Every server under test listens on the loopback interface and a free port.

/**
 * @param {import('fastify').FastifyInstance} app
 * @returns {Promise<import('./kinds.js').RunningServer>}
 */
export async function listenFastify (app) {
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address')
  return { port: address.port, close: () => app.close() }
}

/**
 * @param {import('node:http').Server} server
 * @returns {Promise<import('./kinds.js').RunningServer>}
 */
export async function listenNodeHttp (server) {
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
