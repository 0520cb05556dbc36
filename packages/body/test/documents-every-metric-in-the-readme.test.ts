import t from 'tap'
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'
import body, { REJECTION_CODES } from '../src/index.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const start = readme.indexOf('## Metrics\n')
const metrics = readme.slice(start, readme.indexOf('\n## ', start + 1))

t.test('the Metrics section has a row for every field of the snapshot and names every rejection code', async t => {
  t.ok(start >= 0, 'a Metrics section exists')
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  for (const field of Object.keys(app.bodyMetrics)) t.match(metrics, new RegExp(`^\\| \`${field}\` \\| `, 'm'), field)
  for (const code of REJECTION_CODES) t.ok(metrics.includes(`\`${code}\``), code)
})
