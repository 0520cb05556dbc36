// The built server (`node dist/server.js`, made by this package's test script) as a child process.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const server = fileURLToPath(new URL('../../dist/server.js', import.meta.url))

export interface DemoProcess {
  child: ChildProcess
  /** stdout, one parsed JSON log line each */
  lines: Array<Record<string, any>>
  stderr: string[]
  exited: Promise<number | null>
}

/** Starts the server with a clean environment: the child is the product, not part of this test's coverage. */
export function startDemo (env: Record<string, string>): DemoProcess {
  const child = spawn(process.execPath, [server], {
    env: { PATH: process.env['PATH'] ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const lines: Array<Record<string, any>> = []
  const stderr: string[] = []
  createInterface({ input: child.stdout! }).on('line', line => { lines.push(JSON.parse(line)) })
  createInterface({ input: child.stderr! }).on('line', line => { stderr.push(line) })
  const exited = once(child, 'exit').then(([code]) => code as number | null)
  return { child, lines, stderr, exited }
}

/** The first log line that matches, waiting up to 20 s (a loaded machine starts slowly). */
export async function waitForLine (started: DemoProcess, match: (line: Record<string, any>) => boolean, what: string): Promise<Record<string, any>> {
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    const found = started.lines.find(match)
    if (found !== undefined) return found
    if (started.child.exitCode !== null) break
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  throw new Error(`no log line ${what}; got ${JSON.stringify(started.lines)} ${started.stderr.join('\n')}`)
}

/** The port from the "Server listening on <url> (<transport>)" line, checked against the expected transport. */
export async function listeningPort (started: DemoProcess, scheme: 'http' | 'https', transport: string): Promise<number> {
  const line = await waitForLine(started, line => /^Server listening on /.test(line['msg']), 'saying "Server listening on"')
  const expected = new RegExp(`^Server listening on ${scheme}://127\\.0\\.0\\.1:(\\d+) \\(${transport.replace(/[+.]/g, '\\$&')}\\)$`)
  const port = expected.exec(line['msg'])?.[1]
  if (port === undefined) throw new Error(`unexpected listening line ${line['msg']}, expected ${String(expected)}`)
  return Number(port)
}
