// Starts each server under test in its own Node process, so the load generator (this process)
// and the server never share an event loop, and the server's memory is its own.
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const childPath = fileURLToPath(new URL('./servers/child.js', import.meta.url))
const startTimeoutMs = 30_000
const stopTimeoutMs = 5_000

/**
 * @typedef {object} ServerHandle
 * @property {string} label
 * @property {string} origin e.g. http://127.0.0.1:41234
 * @property {() => number[]} pids the processes whose memory is the server's
 * @property {() => Promise<void>} collectGarbage a full GC in the server, so a memory baseline is not inflated by garbage
 * @property {() => string | null} failure why the server died, when it died before stop()
 * @property {() => Promise<void>} stop
 */

/**
 * @param {string} label
 * @param {string} kind a key of servers/kinds.js
 * @param {Record<string, unknown>} options passed to the kind's start()
 * @returns {Promise<ServerHandle>}
 */
export async function startNodeServer (label, kind, options = {}) {
  const child = fork(childPath, [kind, JSON.stringify(options)], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc']
  })
  const watch = watchChild(child, 'exited')

  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server "${label}" did not start within ${startTimeoutMs / 1000} s`)), startTimeoutMs)
    child.on('message', (/** @type {any} */ message) => {
      if (message?.type === 'ready') { clearTimeout(timer); resolve(message) }
      if (message?.type === 'failed') { clearTimeout(timer); reject(new Error(`server "${label}" failed to start: ${message.error}`)) }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server "${label}" exited with ${code} before it was ready${watch.stderr() === '' ? '' : `: ${watch.stderr()}`}`))
    })
  })

  const pid = /** @type {number} */ (child.pid)
  return {
    label,
    origin: `http://127.0.0.1:${ready.port}`,
    pids: () => [pid],
    failure: watch.failure,
    async collectGarbage () {
      if (watch.failure() !== null) return
      const done = new Promise(resolve => {
        const onMessage = (/** @type {any} */ message) => {
          if (message?.type === 'collected') { child.off('message', onMessage); resolve(undefined) }
        }
        child.on('message', onMessage)
      })
      child.send({ type: 'gc' })
      await done
    },
    async stop () {
      await watch.stop(() => child.send({ type: 'stop' }), stopTimeoutMs)
    }
  }
}

/**
 * Keeps the tail of a child's stderr, records why it died when nobody asked it to, and stops it
 * politely with a SIGKILL fallback: the same bookkeeping for Node servers and nginx.
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} exitPrefix how a death is described, e.g. 'exited' or 'nginx exited'
 */
export function watchChild (child, exitPrefix) {
  let stderr = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (/** @type {string} */ text) => { stderr = (stderr + text).slice(-4000) })
  let stopping = false
  /** @type {string | null} */
  let died = null
  child.on('exit', (code, signal) => {
    if (!stopping) died = `${exitPrefix} with ${signal ?? code}${stderr === '' ? '' : `: ${stderr.trim()}`}`
  })
  return {
    stderr: () => stderr.trim(),
    failure: () => died,
    /**
     * @param {() => void} ask how to ask the child to stop
     * @param {number} timeoutMs when to stop asking and SIGKILL it
     */
    async stop (ask, timeoutMs) {
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
