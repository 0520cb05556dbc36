// Composed overhead: the demo app's JSON route with all five plugins, against the same route and
// the same answer on bare Fastify, with raw node:http as the ceiling; and the same pair on
// cleartext HTTP/2, loaded by h2load.
import { streamsPerConnection } from '../h2load.js'
import { send } from '../load.js'
import type { LoadRequest } from '../types.js'
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

/**
 * Adds the same list to each demo through its own API, so it has a list worth serializing, and
 * returns the answer every baseline must give.
 */
async function seedDemos (demos: Array<{ origin: string }>, protocol?: LoadRequest['protocol']): Promise<{ payload: unknown, bytes: number }> {
  for (const server of demos) {
    for (let i = 1; i <= seededUsers; i++) {
      const body = JSON.stringify({ name: `User ${i}`, email: `user${i}@example.com` })
      const created = await send(new URL(path, server.origin), { method: 'POST', path, headers: { 'content-type': 'application/json' }, body, protocol })
      if (created.status !== 201) throw new Error(`the demo answered POST ${path} with ${created.status}: ${created.body}`)
    }
  }
  const first = demos[0]
  if (first === undefined) throw new Error('no demo to seed')
  const answer = await send(new URL(path, first.origin), { path, protocol })
  if (answer.status !== 200) throw new Error(`the demo answered GET ${path} with ${answer.status}`)
  return { payload: JSON.parse(answer.body.toString('utf8')), bytes: answer.body.length }
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
      // The baselines answer exactly what the demo answers, serialized per request as the demo does.
      const { payload, bytes } = await seedDemos([demo, withMetrics])
      context.note(`every server answers the demo's own ${path} body: ${seededUsers} users, ${bytes} bytes; ` +
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
  }, {
    id: 'demo-h2',
    title: `demo GET ${path} over HTTP/2`,
    unit: 'req/s',
    estimateSeconds: settings => roundsSeconds(settings, 2) + 4,
    async run (context) {
      const demo = await context.start('demo-h2', 'demo app (all five plugins), HTTP2=true', 'demo', { http2: true })
      const { payload, bytes } = await seedDemos([demo], 'h2c')
      context.note(`HTTP/2 without TLS (prior knowledge), loaded by h2load whatever --load says: ${seededUsers} users, ${bytes} bytes, ` +
        `${streamsPerConnection} streams in flight per connection; bare Fastify with http2: true and the demo's response schema`)
      await context.start('fastify-h2', 'bare Fastify, http2: true', 'fastify-json', { path, payload, responseSchema: usersSchema, http2: true })
      // A proxy speaking HTTP/2 to an app multiplexes onto a few connections: 5 of 10 streams each
      // keep 50 requests in flight, as the HTTP/1.1 row's default 50 connections do.
      const request: LoadRequest = { path, protocol: 'h2c', connections: 5 }
      await context.measure([
        { id: 'demo-h2', label: 'demo app, HTTP/2', server: 'demo-h2', request, expectStatus: 200 },
        { id: 'fastify-h2', label: 'bare Fastify, HTTP/2', server: 'fastify-h2', request, expectStatus: 200 }
      ], [
        { label: `demo (all five plugins) vs bare Fastify, both HTTP/2 (h2c), GET ${path}`, candidate: 'demo-h2', baseline: 'fastify-h2', target: 0.95 }
      ])
    }
  }]
}
