import { readFileSync } from 'node:fs'
import t from 'tap'
import * as errors from '../src/errors.js'
import * as api from '../src/index.js'

t.test('every coded error is exported from the package and documented in the README errors table', async t => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const names = Object.keys(errors)
  t.ok(names.length >= 9)
  for (const name of names) {
    t.ok(name.startsWith('GW_KEEPALIVE_'), name)
    t.equal((api as Record<string, unknown>)[name], (errors as Record<string, unknown>)[name], `${name} exported from index`)
    const ErrorClass = (errors as Record<string, new (...args: unknown[]) => { code: string, statusCode: number }>)[name]!
    const instance = new ErrorClass('a', 'b', 'c')
    t.equal(instance.code, name)
    t.match(readme, new RegExp(`\\| \`${name}\` \\| ${instance.statusCode} \\|`), `${name} in the README errors table`)
  }
})
