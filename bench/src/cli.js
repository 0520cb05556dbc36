// Command-line parsing: which groups to run and with what durations. Pure, unit-tested.
import { parseArgs } from 'node:util'

/** @type {import('./types.js').Settings} */
export const defaultSettings = Object.freeze({
  warmupSeconds: 1,
  roundSeconds: 2,
  rounds: 3,
  connections: 50
})

export const usage = `Usage: pnpm bench [group ...] [options]

Runs every scenario group, or only the ones named (e.g. \`pnpm bench static\`).

Options:
  --rounds <n>        measured rounds per target, after the warm-up (default ${defaultSettings.rounds})
  --duration <s>      seconds per round (default ${defaultSettings.roundSeconds})
  --warmup <s>        seconds of warm-up per target (default ${defaultSettings.warmupSeconds})
  --connections <n>   concurrent connections (default ${defaultSettings.connections})
  --list              list the groups and exit
  -h, --help          show this help

A run of every group with the default settings writes bench/results/latest.{json,md};
any other run writes bench/results/partial.{json,md}.`

export class UsageError extends Error {
  /** @override */
  name = 'UsageError'
}

/**
 * @typedef {object} Invocation
 * @property {'run' | 'help' | 'list'} action
 * @property {string[]} groups the groups to run, in suite order
 * @property {import('./types.js').Settings} settings
 * @property {boolean} complete every group, default settings: the run may replace latest.json
 */

/**
 * @param {string[]} argv the arguments after the script name
 * @param {readonly string[]} groupNames every group, in suite order
 * @returns {Invocation}
 */
export function parseInvocation (argv, groupNames) {
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
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      }
    })
  } catch (err) {
    throw new UsageError(/** @type {Error} */ (err).message)
  }
  const { values, positionals } = parsed
  const unknown = positionals.filter(name => !groupNames.includes(name))
  if (unknown.length > 0) {
    throw new UsageError(`unknown group ${unknown.map(name => `"${name}"`).join(', ')}; the groups are: ${groupNames.join(', ')}`)
  }
  const settings = {
    rounds: number(values.rounds, 'rounds', defaultSettings.rounds, { integer: true, min: 1 }),
    roundSeconds: number(values.duration, 'duration', defaultSettings.roundSeconds, { integer: false, min: 0.1 }),
    warmupSeconds: number(values.warmup, 'warmup', defaultSettings.warmupSeconds, { integer: false, min: 0 }),
    connections: number(values.connections, 'connections', defaultSettings.connections, { integer: true, min: 1 })
  }
  const groups = positionals.length === 0 ? [...groupNames] : groupNames.filter(name => positionals.includes(name))
  const defaults = /** @type {(keyof import('./types.js').Settings)[]} */ (Object.keys(defaultSettings))
    .every(key => settings[key] === defaultSettings[key])
  /** @type {Invocation['action']} */
  const action = values.help === true ? 'help' : values.list === true ? 'list' : 'run'
  return { action, groups, settings, complete: defaults && groups.length === groupNames.length }
}

/**
 * @param {string | undefined} text
 * @param {string} name
 * @param {number} fallback
 * @param {{ integer: boolean, min: number }} rule
 */
function number (text, name, fallback, rule) {
  if (text === undefined) return fallback
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value) || value < rule.min || (rule.integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be ${rule.integer ? 'an integer' : 'a number'} >= ${rule.min}, got "${text}"`)
  }
  return value
}
