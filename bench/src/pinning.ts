// Pinning: on a machine with at least two CPUs and `taskset` (Debian's util-linux), every server under test runs on
// one CPU and the load generator on another, so the two never take turns on one core and a server's figure is not
// moved by where the scheduler happened to put it. The choice is made once per run, from the machine.
import { execFileSync } from 'node:child_process'
import os from 'node:os'

export interface Pinning {
  /** the CPU every server under test (Node and nginx) runs on */
  serverCpu: number
  /** the CPU of the load generator: wrk, or this process when autocannon runs in it */
  loadCpu: number
}

/** Server on CPU 1, load on CPU 0 when there are two CPUs and taskset works; otherwise nothing is pinned. */
export function choosePinning (cpuCount: number, hasTaskset: boolean): Pinning | null {
  if (cpuCount < 2 || !hasTaskset) return null
  return { serverCpu: 1, loadCpu: 0 }
}

/** A command run on one CPU: `taskset -c <cpu> command ...args`, or the command as it is without pinning. */
export function onCpu (cpu: number | undefined, command: string, args: string[]): { command: string, args: string[] } {
  if (cpu === undefined) return { command, args }
  return { command: 'taskset', args: ['-c', String(cpu), command, ...args] }
}

/** How the report describes it. */
export function describePinning (pinning: Pinning | null): string {
  if (pinning === null) return 'not pinned (fewer than 2 CPUs or no taskset)'
  return `servers pinned to CPU ${pinning.serverCpu}, the load generator to CPU ${pinning.loadCpu} (taskset)`
}

/* c8 ignore start -- the machine's own answer: one branch per machine */
function tasksetWorks (): boolean {
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
/* c8 ignore stop */

const cpuCount = os.cpus().length
/** This run's pinning, decided once when the suite starts. */
export const pinning: Pinning | null = choosePinning(cpuCount, cpuCount >= 2 && tasksetWorks())
