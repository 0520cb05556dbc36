// Resident memory of a server process, read from /proc (Linux). Elsewhere the figures are null
// and the report says "n/a": the throughput figures do not depend on it.
import { readFile, writeFile } from 'node:fs/promises'

export interface MemorySample {
  /** resident set size now */
  rssBytes: number
  /** the high-water mark (VmHWM) since start or since the last resetPeak */
  peakRssBytes: number
}

export async function readMemory (pid: number): Promise<MemorySample | null> {
  let status: string
  try {
    status = await readFile(`/proc/${pid}/status`, 'utf8')
  } catch {
    return null
  }
  const kib = (field: string): number | null => {
    const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))
    return match === null ? null : Number(match[1]) * 1024
  }
  const rssBytes = kib('VmRSS')
  const peakRssBytes = kib('VmHWM')
  if (rssBytes === null || peakRssBytes === null) return null
  return { rssBytes, peakRssBytes }
}

/**
 * Resets the process's peak RSS to its current RSS (Linux >= 4.0), so a later peak measures one phase.
 * @returns whether the reset took place
 */
export async function resetPeak (pid: number): Promise<boolean> {
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

/** The sum of the samples of several processes (nginx: master and worker). */
export async function readMemoryOf (pids: number[]): Promise<MemorySample | null> {
  const samples = await Promise.all(pids.map(readMemory))
  const present = samples.filter(sample => sample !== null)
  if (samples.length === 0 || present.length < samples.length) return null
  return {
    rssBytes: present.reduce((sum, sample) => sum + sample.rssBytes, 0),
    peakRssBytes: present.reduce((sum, sample) => sum + sample.peakRssBytes, 0)
  }
}
