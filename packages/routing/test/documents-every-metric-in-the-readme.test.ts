import t from 'tap'
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'
import routing from '../src/index.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const start = readme.indexOf('## Metrics\n')
const metrics = readme.slice(start, readme.indexOf('\n## ', start + 1))

t.test('the Metrics section has a row for every field of the snapshot, and nothing else', async t => {
  t.ok(start >= 0, 'a Metrics section exists')
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  const rows = [...metrics.matchAll(/^\| `(\w+)` \| /gm)].map(match => match[1])
  t.same(rows, Object.keys(app.routingMetrics))
})
