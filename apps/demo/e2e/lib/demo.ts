// Starts the BUILT demo (`node dist/server.js`) as a child process, the way a process manager runs it:
// no package manager in the signal path, configuration through the environment only.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { h2cGet } from './h2c.js'

export const demoDir = fileURLToPath(new URL('../..', import.meta.url))
// E2E_SERVER_SCRIPT runs the suite against another build of the server (same env contract).
export const serverScript = process.env.E2E_SERVER_SCRIPT ?? fileURLToPath(new URL('../../dist/server.js', import.meta.url))
export const publicDir = fileURLToPath(new URL('../../public', import.meta.url))

export function assertBuilt (): void {
  if (!existsSync(serverScript)) {
    throw new Error(`expected the built demo at ${serverScript}; build it first: pnpm --filter "@groundwork/demo..." build`)
  }
}

/** A port that was free a moment ago (the kernel picks it for port 0, then it is released). */
export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      if (address === null || typeof address === 'string') {
        reject(new Error('expected a TCP address from listen(0)'))
        return
      }
      server.close(() => resolve(address.port))
    })
  })
}

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
  /** ms from `stop()`/`kill()` (or from start, when nothing was sent) to the exit */
  afterSignalMs: number
}

export interface DemoProcess {
  port: number
  /** HTTP2=true without a certificate: the demo speaks h2c only, and its probes must too. */
  h2c: boolean
  pid: number
  child: ChildProcess
  /** the last 64 KiB of stdout+stderr, for failure messages */
  output: () => string
  exited: Promise<Exit>
  hasExited: () => boolean
  /** sends a signal and remembers when, so `exited` can say how long the exit took */
  kill: (signal?: NodeJS.Signals) => void
  /** SIGTERM and wait for the exit */
  stop: () => Promise<Exit>
}

export interface StartOptions {
  port?: number
  env?: Record<string, string>
  /** how long to wait until `GET /health/ready` answers 200 */
  readyTimeoutMs?: number
}

const outputLimit = 64 * 1024

/** Starts one demo process and resolves once its readiness probe answers 200. */
export async function startDemo (options: StartOptions = {}): Promise<DemoProcess> {
  assertBuilt()
  const port = options.port ?? await freePort()
  const child = spawn(process.execPath, [serverScript], {
    cwd: demoDir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...options.env
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-outputLimit)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let signalledAt = performance.now()
  let done = false
  const exited = new Promise<Exit>(resolve => {
    child.once('exit', (code, signal) => {
      done = true
      resolve({ code, signal, afterSignalMs: Math.round(performance.now() - signalledAt) })
    })
  })
  const kill = (signal: NodeJS.Signals = 'SIGTERM'): void => {
    signalledAt = performance.now()
    child.kill(signal)
  }
  const env = options.env ?? {}
  const demo: DemoProcess = {
    port,
    h2c: ['1', 'true'].includes(env.HTTP2 ?? '') && env.TLS_CERT_FILE === undefined,
    pid: child.pid ?? -1,
    child,
    output: () => output,
    exited,
    hasExited: () => done,
    kill,
    stop: async () => {
      if (!done) kill('SIGTERM')
      return await exited
    }
  }
  try {
    await waitUntilReady(demo, options.readyTimeoutMs ?? 30_000)
  } catch (error) {
    if (!done) child.kill('SIGKILL')
    throw error
  }
  return demo
}

/** Polls `GET /health/ready` until 200; fails with the process output when it exits or times out first. */
export async function waitUntilReady (demo: DemoProcess, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  let last = 'no answer yet'
  while (performance.now() < deadline) {
    if (demo.hasExited()) {
      const exit = await demo.exited
      throw new Error(`expected the demo on port ${demo.port} to become ready, but it exited (code ${exit.code}, signal ${exit.signal}). Output:\n${demo.output()}`)
    }
    try {
      const status = await readinessStatus(demo)
      if (status === 200) return
      last = `status ${status}`
    } catch (error) {
      last = (error as Error).message
    }
    await sleep(50)
  }
  throw new Error(`expected GET /health/ready on port ${demo.port} to answer 200 within ${timeoutMs} ms; last: ${last}. Output:\n${demo.output()}`)
}

async function readinessStatus (demo: DemoProcess): Promise<number> {
  const origin = `http://127.0.0.1:${demo.port}`
  if (demo.h2c) return (await h2cGet(origin, '/health/ready', 1000)).status
  const res = await fetch(`${origin}/health/ready`, { signal: AbortSignal.timeout(1000) })
  await res.arrayBuffer()
  return res.status
}

/** Kills what is left, for teardown: a test that failed half-way must not leave processes behind. */
export async function killAll (demos: Iterable<DemoProcess | undefined>): Promise<void> {
  await Promise.all([...demos].map(async demo => {
    if (demo === undefined || demo.hasExited()) return
    demo.child.kill('SIGKILL')
    await demo.exited
  }))
}

export async function sleep (ms: number): Promise<void> {
  await new Promise(resolve => setTimeout(resolve, ms))
}

/** Resident set size of a process in bytes, from /proc (Linux). `field` VmHWM is the peak. */
export function memoryOf (pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)
  if (match?.[1] === undefined) throw new Error(`expected ${field} in /proc/${pid}/status`)
  return Number(match[1]) * 1024
}

export function percentile (values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return sorted[Math.max(0, index)] ?? Number.NaN
}

/** Resolves like `promise`, or rejects with `message` after `ms` (and leaves no timer behind). */
export async function withTimeout<T> (promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(message())), ms) })
    ])
  } finally {
    clearTimeout(timer)
  }
}
