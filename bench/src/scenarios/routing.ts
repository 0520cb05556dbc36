// Routing with 200 routes: a matched route against bare Fastify with the same routes, and the
// price of the 405 answer (the not-found path with the method lookup) against a 404.
import type { Group } from '../runner.js'
import { roundsSeconds } from './timing.js'

const resources = 50 // four routes each: 200 routes

export const routing: Group = {
  name: 'routing',
  title: 'Routing',
  needs: ['@groundwork/routing'],
  scenarios: [{
    id: 'routes-200',
    title: '200 routes',
    unit: 'req/s',
    estimateSeconds: settings => roundsSeconds(settings, 5) + 2,
    async run (context) {
      await Promise.all([
        context.start('routing', '@groundwork/routing, 200 routes', 'routes', { routing: true, resources }),
        context.start('fastify', 'bare Fastify, 200 routes', 'routes', { routing: false, resources })
      ])
      const middle = resources / 2
      const matched = { path: `/r${middle}/42` }
      const wrongMethod = { method: 'DELETE', path: `/r${middle}/42` }
      const unknownPath = { path: `/x${middle}/42` }
      await context.measure([
        { id: 'gw-match', label: 'routing: GET matched', server: 'routing', request: matched, expectStatus: 200 },
        { id: 'fastify-match', label: 'bare Fastify: GET matched', server: 'fastify', request: matched, expectStatus: 200 },
        { id: 'gw-405', label: 'routing: DELETE on a GET/PUT path → 405', server: 'routing', request: wrongMethod, expectStatus: 405, expectHeader: { name: 'allow', pattern: /\bGET\b.*\bPUT\b|\bPUT\b.*\bGET\b/ } },
        { id: 'gw-404', label: 'routing: unknown path → 404', server: 'routing', request: unknownPath, expectStatus: 404 },
        { id: 'fastify-404', label: 'bare Fastify: the same DELETE → 404', server: 'fastify', request: wrongMethod, expectStatus: 404 }
      ], [
        { label: 'matched route (GET /r25/:id) vs bare Fastify, 200 routes', candidate: 'gw-match', baseline: 'fastify-match', target: 0.97 },
        { label: '405 path vs 404 path (routing, unknown path)', candidate: 'gw-405', baseline: 'gw-404', target: null },
        { label: '405 path vs bare Fastify\'s 404 for the same request', candidate: 'gw-405', baseline: 'fastify-404', target: null }
      ])
    }
  }]
}
