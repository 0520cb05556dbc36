// Resident memory of a server process, read from /proc (Linux). Elsewhere the figures are null
// and the report says "n/a": the throughput figures do not depend on it.
import { readFile, writeFile } from 'node:fs/promises'

/**
 * @typedef {object} MemorySample
 * @property {number} rssBytes resident set size now
 * @property {number} peakRssBytes the high-water mark (VmHWM) since start or since the last resetPeak
 */

/**
 * @param {number} pid
 * @returns {Promise<MemorySample | null>}
 */
export async function readMemory (pid) {
  let status
  try {
    status = await readFile(`/proc/${pid}/status`, 'utf8')
  } catch {
    return null
  }
  const kib = (/** @type {string} */ field) => {
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
 * @param {number} pid
 * @returns {Promise<boolean>} whether the reset took place
 */
export async function resetPeak (pid) {
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

/**
 * The sum of the samples of several processes (nginx: master and worker).
 * @param {number[]} pids
 * @returns {Promise<MemorySample | null>}
 */
export async function readMemoryOf (pids) {
  const samples = await Promise.all(pids.map(readMemory))
  if (samples.length === 0 || samples.some(sample => sample === null)) return null
  const present = /** @type {MemorySample[]} */ (samples)
  return {
    rssBytes: present.reduce((sum, sample) => sum + sample.rssBytes, 0),
    peakRssBytes: present.reduce((sum, sample) => sum + sample.peakRssBytes, 0)
  }
}
