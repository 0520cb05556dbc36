// Starts each server under test in its own Node process, so the load generator (this process)
// and the server never share an event loop, and the server's memory is its own.
import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { pinning } from './pinning.js'
import { messageType, type FailedMessage, type ParentMessage, type ReadyMessage } from './servers/messages.js'

const childPath = fileURLToPath(new URL('./servers/child.js', import.meta.url))
const startTimeoutMs = 30_000
const stopTimeoutMs = 5_000

export interface ServerHandle {
  label: string
  /** e.g. http://127.0.0.1:41234 */
  origin: string
  /** the processes whose memory is the server's */
  pids: () => number[]
  /** a full GC in the server, so a memory baseline is not inflated by garbage */
  collectGarbage: () => Promise<void>
  /** why the server died, when it died before stop() */
  failure: () => string | null
  stop: () => Promise<void>
}

/**
 * @param kind a key of servers/kinds.ts
 * @param options passed to the kind's start()
 */
export async function startNodeServer (label: string, kind: string, options: object = {}): Promise<ServerHandle> {
  // Pinned, the process is started through taskset, which execs Node on the server CPU (same pid, same IPC
  // channel), so every thread Node starts is on that CPU too.
  const child = fork(childPath, [kind, JSON.stringify(options)], {
    ...(pinning === null
      ? { execArgv: ['--expose-gc'] }
      : { execPath: 'taskset', execArgv: ['-c', String(pinning.serverCpu), process.execPath, '--expose-gc'] }),
    stdio: ['ignore', 'ignore', 'pipe', 'ipc']
  })
  const watch = watchChild(child, 'exited')
  const tell = (message: ParentMessage): void => { child.send(message) }

  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server "${label}" did not start within ${startTimeoutMs / 1000} s`)), startTimeoutMs)
    child.on('message', (message) => {
      const type = messageType(message)
      if (type === 'ready') { clearTimeout(timer); resolve(message as ReadyMessage) }
      if (type === 'failed') { clearTimeout(timer); reject(new Error(`server "${label}" failed to start: ${(message as FailedMessage).error}`)) }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server "${label}" exited with ${code} before it was ready${watch.stderr() === '' ? '' : `: ${watch.stderr()}`}`))
    })
  })

  const pid = child.pid as number
  return {
    label,
    origin: `http://127.0.0.1:${ready.port}`,
    pids: () => [pid],
    failure: watch.failure,
    async collectGarbage () {
      if (watch.failure() !== null) return
      const done = new Promise(resolve => {
        const onMessage = (message: unknown): void => {
          if (messageType(message) === 'collected') { child.off('message', onMessage); resolve(undefined) }
        }
        child.on('message', onMessage)
      })
      tell({ type: 'gc' })
      await done
    },
    async stop () {
      await watch.stop(() => tell({ type: 'stop' }), stopTimeoutMs)
    }
  }
}

/**
 * Keeps the tail of a child's stderr, records why it died when nobody asked it to, and stops it
 * politely with a SIGKILL fallback: the same bookkeeping for Node servers and nginx.
 * @param exitPrefix how a death is described, e.g. 'exited' or 'nginx exited'
 */
export function watchChild (child: ChildProcess, exitPrefix: string) {
  let stderr = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (text: string) => { stderr = (stderr + text).slice(-4000) })
  let stopping = false
  let died: string | null = null
  child.on('exit', (code, signal) => {
    if (!stopping) died = `${exitPrefix} with ${signal ?? code}${stderr === '' ? '' : `: ${stderr.trim()}`}`
  })
  return {
    stderr: (): string => stderr.trim(),
    failure: (): string | null => died,
    /**
     * @param ask how to ask the child to stop
     * @param timeoutMs when to stop asking and SIGKILL it
     */
    async stop (ask: () => void, timeoutMs: number): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return
      stopping = true
      const exited = once(child, 'exit')
      ask()
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
      await exited
      clearTimeout(timer)
    }
  }
}
