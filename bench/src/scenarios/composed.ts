// Composed overhead: the demo app's JSON route with all five plugins, against the same route and
// the same answer on bare Fastify, with raw node:http as the ceiling.
import { send } from '../load.js'
import type { Group } from '../runner.js'
import { roundsSeconds } from './timing.js'

const path = '/api/users'
const seededUsers = 10
/** Prometheus scrapes every 15 s to 1 min; once a second is the pessimistic case. */
const scrapeEveryMs = 1000

/**
 * The demo's response schema for GET /api/users (apps/demo/src/schemas.ts, `Type.Array(User)`),
 * so bare Fastify serializes the same answer the same way (fast-json-stringify).
 */
const usersSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { id: { type: 'integer' }, name: { type: 'string' }, email: { type: 'string' }, createdAt: { type: 'string' } },
    required: ['id', 'name', 'email', 'createdAt']
  }
}

export const composed: Group = {
  name: 'composed',
  title: 'Composed overhead',
  needs: ['@groundwork/demo/dist/app.js', '@groundwork/routing', '@groundwork/body', '@groundwork/static', '@groundwork/keep-alive', '@groundwork/graceful-close'],
  scenarios: [{
    id: 'demo-json',
    title: `demo GET ${path}`,
    unit: 'req/s',
    estimateSeconds: settings => roundsSeconds(settings, 4) + 4,
    async run (context) {
      const [demo, withMetrics] = await Promise.all([
        context.start('demo', 'demo app (all five plugins)', 'demo'),
        context.start('demo-metrics', `demo app, metrics on (scraped every ${scrapeEveryMs / 1000} s)`, 'demo', { metrics: { scrapeEveryMs } })
      ])
      // A list worth serializing, added through the demo's own API (the same list on both demos).
      for (const server of [demo, withMetrics]) {
        for (let i = 1; i <= seededUsers; i++) {
          const body = JSON.stringify({ name: `User ${i}`, email: `user${i}@example.com` })
          const created = await send(new URL(path, server.origin), { method: 'POST', path, headers: { 'content-type': 'application/json' }, body })
          if (created.status !== 201) throw new Error(`the demo answered POST ${path} with ${created.status}: ${created.body}`)
        }
      }
      // The baselines answer exactly what the demo answers, serialized per request as the demo does.
      const answer = await send(new URL(path, demo.origin), { path })
      if (answer.status !== 200) throw new Error(`the demo answered GET ${path} with ${answer.status}`)
      const payload = JSON.parse(answer.body.toString('utf8'))
      context.note(`every server answers the demo's own ${path} body: ${seededUsers} users, ${answer.body.length} bytes; ` +
        'bare Fastify with the demo\'s response schema, raw node:http with JSON.stringify')
      await Promise.all([
        context.start('fastify', 'bare Fastify', 'fastify-json', { path, payload, responseSchema: usersSchema }),
        context.start('raw', 'raw node:http', 'raw-json', { path, payload })
      ])
      const request = { path }
      await context.measure([
        { id: 'demo', label: 'demo app', server: 'demo', request, expectStatus: 200 },
        { id: 'demo-metrics', label: 'demo app, metrics on', server: 'demo-metrics', request, expectStatus: 200 },
        { id: 'fastify', label: 'bare Fastify', server: 'fastify', request, expectStatus: 200 },
        { id: 'raw', label: 'raw node:http', server: 'raw', request, expectStatus: 200 }
      ], [
        { label: `demo (all five plugins) vs bare Fastify, GET ${path}`, candidate: 'demo', baseline: 'fastify', target: 0.95 },
        { label: `demo with its Prometheus metrics on (scraped every ${scrapeEveryMs / 1000} s) vs bare Fastify, GET ${path}`, candidate: 'demo-metrics', baseline: 'fastify', target: 0.95 },
        { label: 'demo vs raw node:http (the ceiling)', candidate: 'demo', baseline: 'raw', target: null },
        { label: 'bare Fastify vs raw node:http', candidate: 'fastify', baseline: 'raw', target: null }
      ])
    }
  }]
}
