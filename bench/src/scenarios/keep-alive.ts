// Keep-alive: the connection tracking's cost on a small JSON route, against the same app without the plugin.
import type { Group } from '../runner.js'
import { roundsSeconds } from './timing.js'

const path = '/hello'
const payload = { hello: 'world' }

export const keepAlive: Group = {
  name: 'keep-alive',
  title: 'Keep-alive',
  needs: ['@groundwork/keep-alive'],
  scenarios: [{
    id: 'tracking',
    title: 'connection tracking on vs off',
    unit: 'req/s',
    estimateSeconds: settings => roundsSeconds(settings, 2) + 2,
    async run (context) {
      await Promise.all([
        context.start('tracking', '@groundwork/keep-alive (tracking on)', 'fastify-json', { path, payload, keepAlive: {} }),
        context.start('plain', 'the same app without it', 'fastify-json', { path, payload })
      ])
      await context.measure([
        { id: 'tracking-on', label: 'with @groundwork/keep-alive', server: 'tracking', request: { path }, expectStatus: 200 },
        { id: 'tracking-off', label: 'without it', server: 'plain', request: { path }, expectStatus: 200 }
      ], [
        { label: `tracking on vs off, GET ${path}`, candidate: 'tracking-on', baseline: 'tracking-off', target: 0.97 }
      ])
    }
  }]
}
