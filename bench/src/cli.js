// Command-line parsing: which groups to run and with what durations. Pure, unit-tested.
import { parseArgs } from 'node:util'

/** @type {import('./types.js').Settings} */
export const defaultSettings = Object.freeze({
  warmupSeconds: 1,
  roundSeconds: 1,
  rounds: 5,
  connections: 50,
  load: 'autocannon'
})

/** @type {readonly import('./types.js').LoadGenerator[]} */
export const loadGenerators = ['autocannon', 'wrk']

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
  /** @override */
  name = 'UsageError'
}

/**
 * @typedef {object} Invocation
 * @property {'run' | 'help' | 'list'} action
 * @property {string[]} groups the groups to run, in suite order
 * @property {import('./types.js').Settings} settings
 * @property {boolean} complete every group, default settings (any load generator): the run may replace latest*.json
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
        load: { type: 'string' },
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
    rounds: number(values.rounds, 'rounds', defaultSettings.rounds, { min: 1 }),
    roundSeconds: number(values.duration, 'duration', defaultSettings.roundSeconds, { min: 1 }),
    warmupSeconds: number(values.warmup, 'warmup', defaultSettings.warmupSeconds, { min: 0 }),
    connections: number(values.connections, 'connections', defaultSettings.connections, { min: 1 }),
    load: generator(values.load)
  }
  const groups = positionals.length === 0 ? [...groupNames] : groupNames.filter(name => positionals.includes(name))
  const defaults = /** @type {(keyof import('./types.js').Settings)[]} */ (Object.keys(defaultSettings))
    .every(key => key === 'load' || settings[key] === defaultSettings[key])
  /** @type {Invocation['action']} */
  const action = values.help === true ? 'help' : values.list === true ? 'list' : 'run'
  return { action, groups, settings, complete: defaults && groups.length === groupNames.length }
}

/**
 * @param {string | undefined} text
 * @param {string} name
 * @param {number} fallback
 * @param {{ min: number }} rule every option is a whole number (wrk counts whole seconds)
 */
function number (text, name, fallback, rule) {
  if (text === undefined) return fallback
  const value = Number(text)
  if (text.trim() === '' || !Number.isInteger(value) || value < rule.min) {
    throw new UsageError(`--${name} must be an integer >= ${rule.min}, got "${text}"`)
  }
  return value
}

/**
 * @param {string | undefined} text
 * @returns {import('./types.js').LoadGenerator}
 */
function generator (text) {
  if (text === undefined) return defaultSettings.load
  const known = loadGenerators.find(name => name === text)
  if (known === undefined) throw new UsageError(`--load must be one of ${loadGenerators.join(', ')}, got "${text}"`)
  return known
}
