import t from 'tap'
import Fastify from 'fastify'
import { TIMER_MAX, type GroundworkRouteConfig } from '../src/index.js'

t.test('TIMER_MAX is the largest delay Node arms as given', async t => {
  t.equal(TIMER_MAX, 2 ** 31 - 1)
  const warnings: string[] = []
  const onWarning = (warning: Error): void => { warnings.push(warning.name) }
  process.on('warning', onWarning)
  t.teardown(() => { process.off('warning', onWarning) })
  clearTimeout(setTimeout(() => {}, TIMER_MAX))
  clearTimeout(setTimeout(() => {}, TIMER_MAX + 1))
  await new Promise(resolve => setImmediate(resolve))
  t.same(warnings, ['TimeoutOverflowWarning'], 'only the delay above it overflows')
})

t.test('route config carries groundwork.fallback, typed through Fastify\'s own config', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  const fallback: GroundworkRouteConfig = { fallback: true }
  app.get('/*', { config: { groundwork: fallback } }, async (request) => request.routeOptions.config.groundwork?.fallback === true)
  const res = await app.inject('/anything')
  t.equal(res.body, 'true')
})
