import t from 'tap'
import Fastify from 'fastify'
import gracefulClose from '../src/index.js'

t.test('readiness is 200 once ready and liveness is 200', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(gracefulClose)
  await app.ready()
  t.equal((await app.inject('/health/ready')).statusCode, 200)
  t.equal((await app.inject('/health/live')).statusCode, 200)
})

t.test('the probe paths are configurable', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(gracefulClose, { readinessPath: '/ready', livenessPath: '/live' })
  t.equal((await app.inject('/ready')).statusCode, 200)
  t.equal((await app.inject('/live')).statusCode, 200)
  t.equal((await app.inject('/health/ready')).statusCode, 404)
})
