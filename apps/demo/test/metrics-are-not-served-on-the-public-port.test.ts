import t from 'tap'
import { listening } from './helpers/listen.js'

t.test('GET /metrics on the public port is routing\'s 404, metrics on or off', async t => {
  for (const metricsPort of [0, undefined]) {
    const { port } = await listening(t, { metricsPort })
    const response = await fetch(`http://127.0.0.1:${port}/metrics`)
    t.equal(response.status, 404, `metricsPort ${metricsPort}`)
    t.match(await response.json(), { statusCode: 404, code: 'GW_ROUTING_NOT_FOUND' })
  }
})
