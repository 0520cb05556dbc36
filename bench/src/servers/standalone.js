// A server kind on its own, outside the suite's IPC: prints `PORT <n>` and stops on SIGTERM. For
// tools that wrap the Node process, such as valgrind in `src/instructions.js`.
import { serverKinds } from './kinds.js'

const [kind = '', optionsJson = '{}'] = process.argv.slice(2)
const load = serverKinds[kind]
if (load === undefined) throw new Error(`unknown server kind "${kind}"`)
const { start } = await load()
const server = await start(JSON.parse(optionsJson))
process.once('SIGTERM', () => { server.close().then(() => process.exit(0), () => process.exit(1)) })
process.stdout.write(`PORT ${server.port}\n`)
