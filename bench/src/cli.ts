// Command-line parsing: which groups to run and with what durations. Pure, unit-tested.
import { parseArgs } from 'node:util'
import type { LoadGenerator, Settings } from './types.js'

export const defaultSettings: Readonly<Settings> = Object.freeze({
  warmupSeconds: 1,
  roundSeconds: 1,
  rounds: 5,
  connections: 50,
  load: 'autocannon'
})

export const loadGenerators: readonly LoadGenerator[] = ['autocannon', 'wrk']

export const usage = `Usage: pnpm bench [group ...] [options]

Runs every scenario group, or only the ones named (e.g. \`pnpm bench static\`).

Options:
  --rounds <n>        measured rounds per target, after the warm-up (default ${defaultSettings.rounds})
  --duration <s>      seconds per round (default ${defaultSettings.roundSeconds})
  --warmup <s>        seconds of warm-up per target (default ${defaultSettings.warmupSeconds})
  --connections <n>   concurrent connections (default ${defaultSettings.connections})
  --load <name>       the load generator: autocannon (default) or wrk (Debian's wrk package)
  --list              list the groups and exit
  -h, --help          show this help

A run of every group with the default settings writes bench/results/latest.{json,md}
(latest-wrk.{json,md} with --load wrk); any other run writes bench/results/partial.{json,md}.`

export class UsageError extends Error {
  override name = 'UsageError'
}

export interface Invocation {
  action: 'run' | 'help' | 'list'
  /** the groups to run, in suite order */
  groups: string[]
  settings: Settings
  /** every group, default settings (any load generator): the run may replace latest*.json */
  complete: boolean
}

/**
 * @param argv the arguments after the script name
 * @param groupNames every group, in suite order
 */
export function parseInvocation (argv: string[], groupNames: readonly string[]): Invocation {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        rounds: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        load: { type: 'string' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      }
    })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
  const { values, positionals } = parsed
  const unknown = positionals.filter(name => !groupNames.includes(name))
  if (unknown.length > 0) {
    throw new UsageError(`unknown group ${unknown.map(name => `"${name}"`).join(', ')}; the groups are: ${groupNames.join(', ')}`)
  }
  const settings: Settings = {
    rounds: number(values.rounds, 'rounds', defaultSettings.rounds, { min: 1 }),
    roundSeconds: number(values.duration, 'duration', defaultSettings.roundSeconds, { min: 1 }),
    warmupSeconds: number(values.warmup, 'warmup', defaultSettings.warmupSeconds, { min: 0 }),
    connections: number(values.connections, 'connections', defaultSettings.connections, { min: 1 }),
    load: generator(values.load)
  }
  const groups = positionals.length === 0 ? [...groupNames] : groupNames.filter(name => positionals.includes(name))
  const defaults = (Object.keys(defaultSettings) as (keyof Settings)[])
    .every(key => key === 'load' || settings[key] === defaultSettings[key])
  const action: Invocation['action'] = values.help === true ? 'help' : values.list === true ? 'list' : 'run'
  return { action, groups, settings, complete: defaults && groups.length === groupNames.length }
}

/** @param rule every option is a whole number (wrk counts whole seconds) */
function number (text: string | undefined, name: string, fallback: number, rule: { min: number }): number {
  if (text === undefined) return fallback
  const value = Number(text)
  if (text.trim() === '' || !Number.isInteger(value) || value < rule.min) {
    throw new UsageError(`--${name} must be an integer >= ${rule.min}, got "${text}"`)
  }
  return value
}

function generator (text: string | undefined): LoadGenerator {
  if (text === undefined) return defaultSettings.load
  const known = loadGenerators.find(name => name === text)
  if (known === undefined) throw new UsageError(`--load must be one of ${loadGenerators.join(', ')}, got "${text}"`)
  return known
}
