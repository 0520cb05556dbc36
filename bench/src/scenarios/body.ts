// Body parsing: JSON and url-encoded echoes against Fastify's built-in parser and
// @fastify/formbody, a gzip body (reported), and a flood of oversized uploads against a small limit.
// The JSON target is 0.95, close enough to 1 that the run's own noise matters: a second copy of
// the same server, measured like a baseline (A/A), shows how far identical servers drift apart.
import { send } from '../load.js'
import { formOfSize, gzip, jsonOfSize, KiB, MiB } from '../fixtures.js'
import type { Group } from '../runner.js'
import type { BodyServerOptions } from '../servers/body.js'
import type { Settings } from '../types.js'
import { uploadFlood, type FloodResult } from '../uploads.js'
import { measureGrowth } from './memory-growth.js'
import { roundsSeconds } from './timing.js'

const uploadLimit = 64 * KiB
const uploadConcurrency = 100
const growthLimitBytes = 50e6

export const body: Group = {
  name: 'body',
  title: 'Body parsing',
  needs: ['@groundwork/body'],
  scenarios: [{
    id: 'echo',
    title: 'echo 1 KiB JSON, 1 KiB form, 16 KiB gzip JSON',
    unit: 'req/s',
    estimateSeconds: settings => roundsSeconds(settings, 7) + 2,
    async run (context) {
      await Promise.all([
        context.start('groundwork', '@groundwork/body', 'body', { parser: 'groundwork' }),
        context.start('fastify', 'Fastify built-in JSON + @fastify/formbody', 'body', { parser: 'fastify' }),
        context.start('groundwork-copy', '@groundwork/body, a second copy (A/A control)', 'body', { parser: 'groundwork' })
      ])
      const json = { method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: jsonOfSize(KiB) }
      const form = { method: 'POST', path: '/echo', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: formOfSize(KiB) }
      const json16 = jsonOfSize(16 * KiB)
      const plain16 = { method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: json16 }
      const gzip16 = {
        method: 'POST',
        path: '/echo',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: gzip(json16)
      }
      context.note(`the 16 KiB JSON body gzips to ${gzip16.body.length} bytes`)
      await context.measure([
        { id: 'gw-json', label: '@groundwork/body: JSON 1 KiB', server: 'groundwork', request: json, expectStatus: 200 },
        { id: 'fastify-json', label: 'Fastify built-in: JSON 1 KiB', server: 'fastify', request: json, expectStatus: 200 },
        { id: 'gw-json-copy', label: '@groundwork/body, second copy: JSON 1 KiB', server: 'groundwork-copy', request: json, expectStatus: 200 },
        { id: 'gw-form', label: '@groundwork/body: form 1 KiB', server: 'groundwork', request: form, expectStatus: 200 },
        { id: 'formbody-form', label: '@fastify/formbody: form 1 KiB', server: 'fastify', request: form, expectStatus: 200 },
        { id: 'gw-gzip', label: '@groundwork/body: gzip JSON 16 KiB', server: 'groundwork', request: gzip16, expectStatus: 200 },
        { id: 'gw-plain16', label: '@groundwork/body: JSON 16 KiB', server: 'groundwork', request: plain16, expectStatus: 200 }
      ], [
        { label: 'JSON 1 KiB echo vs Fastify built-in', candidate: 'gw-json', baseline: 'fastify-json', target: 0.95 },
        { label: 'JSON 1 KiB echo, @groundwork/body vs a second copy of itself (A/A: the noise floor)', candidate: 'gw-json', baseline: 'gw-json-copy', target: null },
        { label: 'url-encoded 1 KiB echo vs @fastify/formbody', candidate: 'gw-form', baseline: 'formbody-form', target: 1.0 },
        { label: 'gzip JSON 16 KiB vs the same JSON uncompressed (both @groundwork/body)', candidate: 'gw-gzip', baseline: 'gw-plain16', target: null }
      ])
    }
  }, {
    id: 'uploads',
    title: `${uploadConcurrency} concurrent 1 MiB uploads, 64 KiB limit`,
    unit: 'req/s',
    estimateSeconds: settings => 3 * floodSeconds(settings) + 4,
    async run (context) {
      // Lingering close reads each rejected upload to its end instead of resetting it: the third
      // server shows what that costs against the same plugin closing at once.
      const servers: Array<{ key: string, label: string, options: BodyServerOptions, target: number | null }> = [
        { key: 'groundwork', label: '@groundwork/body', options: { parser: 'groundwork' }, target: growthLimitBytes },
        { key: 'fastify', label: 'Fastify built-in', options: { parser: 'fastify' }, target: null },
        { key: 'groundwork-no-linger', label: '@groundwork/body with linger: false', options: { parser: 'groundwork', linger: false }, target: null }
      ]
      for (const entry of servers) {
        const server = await context.start(entry.key, `${entry.label} (bodyLimit 64 KiB)`, 'body', { ...entry.options, bodyLimit: uploadLimit })
        const seconds = floodSeconds(context.settings)
        context.say(`  ${entry.label}: ${uploadConcurrency} clients uploading 1 MiB bodies for ${seconds} s`)
        let flood: FloodResult | undefined
        const growth = await measureGrowth(server, async () => {
          flood = await uploadFlood({
            origin: server.origin,
            path: '/echo',
            concurrency: uploadConcurrency,
            size: MiB,
            seconds,
            onSecond: done => context.say(`    ${done} uploads refused so far`)
          })
        })
        const after = await send(new URL('/echo', server.origin), { method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: '{"still":"serving"}' })
        const outcome = flood === undefined
          ? ''
          : Object.entries(flood.statuses).map(([status, count]) => `${status} × ${count}`).concat(flood.cutOff > 0 ? [`cut off × ${flood.cutOff}`] : []).join(', ')
        const serving = after.status === 200
        context.check({
          label: `${entry.label}: RSS growth during ${uploadConcurrency} concurrent 1 MiB uploads against a 64 KiB limit`,
          value: growth?.growthBytes ?? null,
          unit: 'bytes',
          targetText: entry.target === null ? 'report' : '< 50 MB',
          met: entry.target === null || growth === null ? null : growth.growthBytes < entry.target && serving,
          detail: `(${outcome}; a small JSON POST afterwards → ${after.status})`
        })
      }
    }
  }]
}

function floodSeconds (settings: Settings): number {
  return Math.max(2, Math.round(settings.roundSeconds * 1.5))
}
