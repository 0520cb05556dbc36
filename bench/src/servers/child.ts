// The entry point of a server process: starts one server kind on 127.0.0.1 and a free port,
// reports the port over IPC, and closes on request.
import { startServerKind } from './kinds.js'
import { messageType, type ChildMessage } from './messages.js'

const [kind = '', optionsJson = '{}'] = process.argv.slice(2)
const send = (message: ChildMessage): void => { process.send?.(message) }

try {
  const server = await startServerKind(kind, JSON.parse(optionsJson))
  process.on('message', async (message) => {
    const type = messageType(message)
    if (type === 'gc') {
      globalThis.gc?.()
      send({ type: 'collected' })
    } else if (type === 'stop') {
      await server.close()
      process.exit(0)
    }
  })
  // The parent went away without stopping us: do not linger.
  process.on('disconnect', () => process.exit(0))
  send({ type: 'ready', port: server.port })
} catch (err) {
  send({ type: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) })
  process.exitCode = 1
  process.disconnect?.()
}
