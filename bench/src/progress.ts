// Progress on stderr: every line carries the elapsed time, so a reader sees the suite is alive.

export interface Progress {
  /** prints one line, prefixed with the elapsed time */
  line: (text: string) => void
  elapsedSeconds: () => number
}

export function createProgress (stream: NodeJS.WritableStream = process.stderr): Progress {
  const started = performance.now()
  const elapsedSeconds = (): number => (performance.now() - started) / 1000
  return {
    elapsedSeconds,
    line (text) {
      const seconds = Math.floor(elapsedSeconds())
      const stamp = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
      stream.write(`[${stamp}] ${text}\n`)
    }
  }
}
