// The process entry point (`node dist/server.js`). The logic lives in main.ts, where tests reach it
// in-process; this file only hands it the real process.
import { main } from './main.js'

const app = await main({
  env: process.env,
  pretty: process.stdout.isTTY === true,
  writeError: (line) => { process.stderr.write(line) }
})
if (app === undefined) process.exitCode = 1
