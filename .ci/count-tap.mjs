// Totals tap's closing summaries ("# { total: N, pass: N, fail: N, ... }") across CI step logs.
// Each tap run prints one such line, also when turbo replays a cached log.
import { readFileSync } from 'node:fs'

const summary = /^(?:\S+:\s)?# \{ (total: \d+(?:, \w+: \d+)*) \}\s*$/
let passed = 0
let failed = 0
let runs = 0
for (const file of process.argv.slice(2)) {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    // eslint-disable-next-line no-control-regex -- turbo may colour its prefixes
    const match = summary.exec(line.replace(/\x1b\[[0-9;]*m/g, ''))
    if (match === null) continue
    const counts = Object.fromEntries(match[1].split(', ').map(pair => {
      const [key, value] = pair.split(': ')
      return [key, Number(value)]
    }))
    runs++
    passed += counts.pass ?? 0
    failed += counts.fail ?? 0
  }
}
process.stdout.write(JSON.stringify({ runs, passed, failed }) + '\n')
