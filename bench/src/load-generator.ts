// What wrk and h2load, the two C load generators, share: each runs pinned to the load
// generator's CPU, with a scratch directory of its own for its script or its log.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { onCpu, pinning } from './pinning.js'

/** Runs `name` on the load generator's CPU; a failure carries what it printed on stderr. */
export function runPinned (name: string, args: string[]): Promise<string> {
  const command = onCpu(pinning?.loadCpu, name, args)
  return new Promise((resolve, reject) => {
    execFile(command.command, command.args, { maxBuffer: 1 << 20 }, (err, out, errOut) => {
      if (err !== null) reject(new Error(`${name} failed: ${err.message}${errOut === '' ? '' : `\n${errOut.trim()}`}`))
      else resolve(out)
    })
  })
}

/** Runs `use` with a new temporary directory, removed afterwards whatever happens. */
export async function inTemporaryDirectory<T> (prefix: string, use: (directory: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(path.join(os.tmpdir(), prefix))
  try {
    return await use(directory)
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
}
