import t from 'tap'
import { readFileSync } from 'node:fs'
import * as exported from '../src/index.js'
import * as errors from '../src/errors.js'

t.test('every GW_BODY_* error is exported and documented in the README errors table', async t => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const codes = Object.keys(errors)
  t.ok(codes.length >= 15)
  for (const code of codes) {
    t.match(code, /^GW_BODY_[A-Z_]+$/)
    t.equal((exported as Record<string, unknown>)[code], (errors as Record<string, unknown>)[code], `${code} is exported from the package`)
    const instance = new (errors as Record<string, new (...args: unknown[]) => Error & { code: string, statusCode: number }>)[code]!('a', 'b', 'c')
    t.equal(instance.code, code)
    t.match(readme, new RegExp(`\\| \`${code}\` \\| ${instance.statusCode} \\|`), `${code} is in the README with status ${instance.statusCode}`)
  }
})
