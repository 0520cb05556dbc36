import { readFileSync } from 'node:fs'
import t from 'tap'
import { errorCatalogueProblems } from '@groundwork/shared'
import * as pkg from '../src/index.js'

t.test('every coded error is exported under its code and documented in the README, and nothing else is listed', async t => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  t.same(errorCatalogueProblems(pkg, readme, 'GW_KEEP_ALIVE_'), [])
})
