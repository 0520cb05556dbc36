// Progress on stderr: every line carries the elapsed time, so a reader sees the suite is alive.

/**
 * @typedef {object} Progress
 * @property {(text: string) => void} line prints one line, prefixed with the elapsed time
 * @property {() => number} elapsedSeconds
 */

/**
 * @param {NodeJS.WritableStream} stream
 * @returns {Progress}
 */
export function createProgress (stream = process.stderr) {
  const started = performance.now()
  const elapsedSeconds = () => (performance.now() - started) / 1000
  return {
    elapsedSeconds,
    line (text) {
      const seconds = Math.floor(elapsedSeconds())
      const stamp = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
      stream.write(`[${stamp}] ${text}\n`)
    }
  }
}
