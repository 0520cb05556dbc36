import t from 'tap'
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'
import staticFiles from '../src/index.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const start = readme.indexOf('## Metrics\n')
const metrics = readme.slice(start, readme.indexOf('\n## ', start + 1))

t.test('the Metrics section has a row for every field of the snapshot', async t => {
  t.ok(start >= 0, 'a Metrics section exists')
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root: t.testdir({}) })
  for (const [group, fields] of Object.entries(app.staticMetrics)) {
    for (const field of Object.keys(fields)) t.match(metrics, new RegExp(`^\\| \`${group}\\.${field}\` \\| `, 'm'), `${group}.${field}`)
  }
})
