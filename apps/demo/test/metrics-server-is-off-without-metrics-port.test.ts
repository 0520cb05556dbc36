import t from 'tap'
import { buildApp } from '../src/app.js'
import { testConfig } from './helpers/config.js'

const listeners = (): number => process.getActiveResourcesInfo().filter(kind => kind === 'TCPServerWrap').length

t.test('METRICS_PORT unset: no metrics server, no second port, no log line', async t => {
  const lines: string[] = []
  const before = listeners()
  const app = await buildApp(testConfig(), { logger: { level: 'info', stream: { write: (line: string) => { lines.push(line) } } } })
  t.teardown(() => app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.equal(app.metricsServer, undefined)
  t.equal(app.hasDecorator('metricsServer'), false)
  t.equal(listeners() - before, 1, 'the public port only')
  t.notOk(lines.some(line => line.includes('Metrics listening')), 'nothing logged about metrics')
})
