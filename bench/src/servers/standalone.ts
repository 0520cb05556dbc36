// A server kind on its own, outside the suite's IPC: prints `PORT <n>` and stops on SIGTERM. For
// tools that wrap the Node process, such as valgrind in `src/instructions.ts`.
import { startServerKind } from './kinds.js'

const [kind = '', optionsJson = '{}'] = process.argv.slice(2)
const server = await startServerKind(kind, JSON.parse(optionsJson))
process.once('SIGTERM', () => { server.close().then(() => process.exit(0), () => process.exit(1)) })
process.stdout.write(`PORT ${server.port}\n`)
