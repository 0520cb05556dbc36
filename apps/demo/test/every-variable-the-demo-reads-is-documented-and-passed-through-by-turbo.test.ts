// turbo gives a task only the variables it declares: one the demo reads but turbo does not pass is
// silently unset under `pnpm demo`, whatever the shell says.
import t from 'tap'
import { readFile } from 'node:fs/promises'
import { environmentVariables } from '../src/config.js'

const turboJson = new URL('../../../turbo.json', import.meta.url)
const readme = new URL('../README.md', import.meta.url)

t.test('turbo passes every variable to the demo and dev tasks', async t => {
  const turbo = JSON.parse(await readFile(turboJson, 'utf8')) as { tasks: Record<string, { passThroughEnv?: string[] }> }
  for (const task of ['demo', 'dev']) {
    const passed = turbo.tasks[task]?.passThroughEnv ?? []
    t.same(environmentVariables.filter(name => !passed.includes(name)), [], `${task}: none missing`)
  }
})

t.test('the README\'s variables table has a row for every variable', async t => {
  const text = await readFile(readme, 'utf8')
  const documented = [...text.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map(match => match[1])
  t.same(environmentVariables.filter(name => !documented.includes(name)), [], 'none undocumented')
})
