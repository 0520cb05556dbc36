import t from 'tap'
import { readFileSync } from 'node:fs'
import { errorCatalogueProblems } from '@groundwork/shared'
import * as pkg from '../src/index.js'

t.test('every coded error is exported under its code and listed in the README, and nothing else is listed', async t => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  t.same(errorCatalogueProblems(pkg, readme, 'GW_GRACEFUL_CLOSE_'), [])
})
