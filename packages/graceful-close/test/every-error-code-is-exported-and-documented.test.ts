import t from 'tap'
import { readFileSync } from 'node:fs'
import * as api from '../src/index.js'
import * as errors from '../src/errors.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

t.test('every coded error is exported from the package and listed in the README', async t => {
  const codes = Object.keys(errors)
  t.ok(codes.length >= 5)
  for (const code of codes) {
    t.match(code, /^GW_CLOSE_[A-Z_]+$/)
    t.equal((api as Record<string, unknown>)[code], (errors as Record<string, unknown>)[code], `${code} is exported`)
    const error = new (errors as Record<string, new (...args: unknown[]) => Error & { code: string, statusCode: number }>)[code]!('a', 'b')
    t.equal(error.code, code)
    t.match(readme, new RegExp(`\\| \`${code}\` \\| ${error.statusCode} \\|`), `${code} is in the README errors table`)
  }
})
