import t from 'tap'
import { readFileSync } from 'node:fs'
import * as api from '../src/index.js'
import * as errors from '../src/errors.js'

t.test('every error is exported, coded GW_STATIC_* and listed in the README', async t => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const codes = Object.keys(errors)
  t.ok(codes.length >= 6)
  for (const code of codes) {
    t.match(code, /^GW_STATIC_[A-Z_]+$/)
    const ErrorClass = (api as Record<string, unknown>)[code] as new (...args: string[]) => Error & { code: string, statusCode: number }
    t.equal(ErrorClass, (errors as Record<string, unknown>)[code], `${code} is exported from the package`)
    const error = new ErrorClass('a', 'b')
    t.equal(error.code, code)
    t.ok(error.statusCode >= 400 && error.statusCode <= 500)
    t.match(readme, new RegExp('`' + code + '`\\s*\\|\\s*' + error.statusCode), `${code} is in the README errors table`)
  }
})
