import t from 'tap'
import { readFileSync } from 'node:fs'
import { errorCatalogueProblems } from '@groundwork/shared'
import * as pkg from '../src/index.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

t.test('every GW_STATIC_* error is exported under its own code and listed in the README, and nothing else is listed', async t => {
  t.same(errorCatalogueProblems(pkg, readme, 'GW_STATIC_'), [])
})

t.test("the README's errors table gives each code its status", async t => {
  for (const [name, value] of Object.entries(pkg)) {
    if (!name.startsWith('GW_STATIC_')) continue
    const instance = new (value as new (...args: unknown[]) => Error & { statusCode: number })('a', 'b')
    t.match(readme, new RegExp(`^\\| \`${name}\` \\| ${instance.statusCode} \\| .+ \\|$`, 'm'), `${name} is in the README with status ${instance.statusCode}`)
  }
})
