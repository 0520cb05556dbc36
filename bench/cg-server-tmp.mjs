import { start } from './src/servers/body.js'
const server = await start({ parser: process.argv[2] })
process.stdout.write(`PORT ${server.port}\n`)
process.on('SIGTERM', () => process.exit(0))
