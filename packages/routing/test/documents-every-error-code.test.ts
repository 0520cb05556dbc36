import t from 'tap'
import { readFileSync } from 'node:fs'
import * as routing from '../src/index.js'
import * as errors from '../src/errors.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

t.test('every error of errors.ts is exported from the package and documented in the README errors table', async (t) => {
  const entries = Object.entries(errors)
  t.ok(entries.length >= 6)
  for (const [name, ErrorClass] of entries) {
    t.equal((routing as Record<string, unknown>)[name], ErrorClass, `${name} is exported`)
    const error = new ErrorClass('a', 'b', 'c')
    t.match(error.code, /^GW_ROUTING_[A-Z_]+$/)
    const row = new RegExp(`^\\| \`${error.code}\` \\| ${String(error.statusCode)} \\| .+ \\|$`, 'm')
    t.match(readme, row, `${error.code} is in the README with status ${String(error.statusCode)}`)
  }
})

t.test('the README lists no code that does not exist', async (t) => {
  const documented = [...readme.matchAll(/`(GW_ROUTING_[A-Z_]+)`/g)].map((match) => match[1])
  const existing = new Set<string>(Object.values(errors).map((ErrorClass) => new ErrorClass().code))
  for (const code of documented) t.ok(existing.has(code as string), `${String(code)} exists`)
})
