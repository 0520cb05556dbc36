// Static files: a 1 KiB file against @fastify/static, nginx and the node:http ceiling, a 1 MiB file
// against @fastify/static, and the hot cache's memory while 10,000 distinct files go through it.
import path from 'node:path'
import { KiB, MiB, writeFiles, writeManyFiles } from '../fixtures.js'
import { preflight, runLoad } from '../load.js'
import { formatBytes, formatRate } from '../report.js'
import type { Group, ScenarioContext } from '../runner.js'
import type { StaticServerOptions } from '../servers/static.js'
import { measureGrowth } from './memory-growth.js'
import { roundsSeconds } from './timing.js'

const manyFiles = 10_000
const manyFileSize = 4 * KiB
const hotCacheMaxBytes = 16 * MiB
/** What the process may grow beyond the cache budget: sockets, buffers and heap churn under load. */
const growthAllowanceBytes = 32e6
const largeFileConnections = 10
const largeFileCacheLimit = 2 * MiB
/** Every file requested at least once, in a cycle: more files than the cache holds, so it fills, then evicts. */
const passes = 1
/**
 * The load runs in short chunks, each starting at the file after the last one requested, until every file was
 * requested or the cap is reached; @fastify/static's figure is only a reference, so it gets less time.
 */
const cycleChunkSeconds = 3
const cycleCapSeconds = { groundwork: 15, 'fastify-static': 3 }
const manyPaths = Array.from({ length: manyFiles }, (_, index) => `/f${index}.txt`)

/** What one server did in the hot cache memory check. */
interface Served {
  growth: number | null
  requests: number
  rate: number
}

async function cycleThroughFiles (context: ScenarioContext, origin: string, capSeconds: number): Promise<{ requests: number, rate: number }> {
  let requests = 0
  let seconds = 0
  while (requests < manyFiles * passes && seconds < capSeconds) {
    const from = requests % manyFiles
    const paths = [...manyPaths.slice(from), ...manyPaths.slice(0, from)]
    const figures = await runLoad(origin, { path: paths[0] as string, paths }, {
      generator: context.settings.load, seconds: cycleChunkSeconds, connections: context.settings.connections
    })
    requests += figures.requests
    seconds += cycleChunkSeconds
  }
  return { requests, rate: requests / Math.max(seconds, 1) }
}

async function filesRoot (context: ScenarioContext): Promise<string> {
  const root = await context.workspace.subdir('static-files')
  await writeFiles(root, {
    'file-1k.txt': 'k'.repeat(KiB),
    'file-1m.bin': Buffer.alloc(MiB, 'm')
  })
  return root
}

export const staticFiles: Group = {
  name: 'static',
  title: 'Static files',
  needs: ['@groundwork/static'],
  scenarios: [{
    id: 'file-1k',
    title: '1 KiB file',
    unit: 'req/s',
    estimateSeconds: settings => roundsSeconds(settings, 4) + 2,
    async run (context) {
      const root = await filesRoot(context)
      const [nginx] = await Promise.all([
        context.start('node-http', 'node:http, the file from memory (ceiling)', 'raw-file', { path: '/file-1k.txt', file: path.join(root, 'file-1k.txt') }),
        context.startNginx('nginx', 'nginx (1 worker)', root),
        context.start('groundwork', '@groundwork/static (hot cache)', 'static', { engine: 'groundwork', root }),
        context.start('fastify-static', '@fastify/static', 'static', { engine: 'fastify-static', root })
      ])
      const request = { path: '/file-1k.txt' }
      const nginxSkipped = typeof nginx === 'string' ? nginx : undefined
      await context.measure([
        { id: 'gw-1k', label: '@groundwork/static: 1 KiB', server: 'groundwork', request, expectStatus: 200 },
        { id: 'fastify-static-1k', label: '@fastify/static: 1 KiB', server: 'fastify-static', request, expectStatus: 200 },
        { id: 'node-http-1k', label: 'node:http ceiling: 1 KiB', server: 'node-http', request, expectStatus: 200 },
        ...(nginxSkipped === undefined ? [{ id: 'nginx-1k', label: 'nginx: 1 KiB', server: 'nginx', request, expectStatus: 200 }] : [])
      ], [
        { label: '1 KiB file vs @fastify/static', candidate: 'gw-1k', baseline: 'fastify-static-1k', target: 6.0 },
        {
          label: '1 KiB file vs nginx',
          candidate: 'gw-1k',
          baseline: 'nginx-1k',
          target: 0.8,
          ...(nginxSkipped === undefined ? {} : { skipped: nginxSkipped })
        },
        { label: '1 KiB file vs the node:http ceiling', candidate: 'gw-1k', baseline: 'node-http-1k', target: null },
        {
          label: 'the node:http ceiling vs nginx',
          candidate: 'node-http-1k',
          baseline: 'nginx-1k',
          target: null,
          ...(nginxSkipped === undefined ? {} : { skipped: nginxSkipped })
        }
      ])
      context.note('node:http answering the file\'s bytes from memory is the most any Node server can do here: ' +
        'it bounds what the nginx target can show on this machine')
    }
  }, {
    id: 'file-1m',
    title: '1 MiB file',
    unit: 'MB/s',
    estimateSeconds: settings => roundsSeconds(settings, 3) + 2,
    async run (context) {
      const root = await filesRoot(context)
      await Promise.all([
        context.start('groundwork', '@groundwork/static (defaults)', 'static', { engine: 'groundwork', root }),
        context.start('groundwork-cached', `@groundwork/static (hotCache.maxFileSize ${largeFileCacheLimit / MiB} MiB)`, 'static', {
          engine: 'groundwork', root, options: { hotCache: { maxFileSize: largeFileCacheLimit } }
        }),
        context.start('fastify-static', '@fastify/static', 'static', { engine: 'fastify-static', root })
      ])
      const request = { path: '/file-1m.bin', connections: largeFileConnections }
      context.note(`${largeFileConnections} connections: a 1 MiB download is bound by bandwidth, not by concurrency`)
      context.note('with its defaults (hotCache.maxFileSize 256 KiB) @groundwork/static streams a 1 MiB file from disk ' +
        `through @fastify/send; the second row raises maxFileSize to ${largeFileCacheLimit / MiB} MiB so the file is served from memory`)
      await context.measure([
        { id: 'gw-1m', label: '@groundwork/static: 1 MiB', server: 'groundwork', request, expectStatus: 200 },
        { id: 'gw-cached-1m', label: '@groundwork/static, 1 MiB cached', server: 'groundwork-cached', request, expectStatus: 200 },
        { id: 'fastify-static-1m', label: '@fastify/static: 1 MiB', server: 'fastify-static', request, expectStatus: 200 }
      ], [
        { label: '1 MiB file vs @fastify/static (throughput), defaults', candidate: 'gw-1m', baseline: 'fastify-static-1m', target: 2.0 },
        {
          label: `1 MiB file vs @fastify/static (throughput), hotCache.maxFileSize ${largeFileCacheLimit / MiB} MiB`,
          candidate: 'gw-cached-1m',
          baseline: 'fastify-static-1m',
          target: null
        }
      ])
    }
  }, {
    id: 'hot-cache-memory',
    title: `hot cache memory, ${manyFiles.toLocaleString('en')} distinct files`,
    unit: 'req/s',
    estimateSeconds: settings => 2 * settings.warmupSeconds + 2 * cycleChunkSeconds + cycleCapSeconds['fastify-static'] + 5,
    async run (context) {
      const root = await context.workspace.subdir('many-files')
      context.say(`  writing ${manyFiles.toLocaleString('en')} files of ${manyFileSize / KiB} KiB`)
      await writeManyFiles(root, manyFiles, manyFileSize)
      const engines: Array<{ key: 'groundwork' | 'fastify-static', label: string, engine: StaticServerOptions['engine'], options: StaticServerOptions['options'], cap: number }> = [
        { key: 'groundwork', label: '@groundwork/static', engine: 'groundwork', options: { hotCache: { maxBytes: hotCacheMaxBytes } }, cap: cycleCapSeconds.groundwork },
        { key: 'fastify-static', label: '@fastify/static', engine: 'fastify-static', options: {}, cap: cycleCapSeconds['fastify-static'] }
      ]
      const measured: Partial<Record<'groundwork' | 'fastify-static', Served>> = {}
      for (const entry of engines) {
        const server = await context.start(entry.key, entry.label, 'static', { engine: entry.engine, root, options: entry.options })
        const single = { path: '/f0.txt' }
        const check = await preflight(server.origin, single, 200)
        if (!check.ok) throw new Error(`${entry.label}: ${check.problem}`)
        if (context.settings.warmupSeconds > 0) {
          await runLoad(server.origin, single, { generator: context.settings.load, seconds: context.settings.warmupSeconds, connections: context.settings.connections })
        }
        context.say(`  ${entry.label}: cycling through the files (at most ${entry.cap} s)`)
        let served = { requests: 0, rate: 0 }
        const growth = await measureGrowth(server, async () => {
          served = await cycleThroughFiles(context, server.origin, entry.cap)
        })
        const rate = served.rate
        measured[entry.key] = { growth: growth?.growthBytes ?? null, requests: served.requests, rate }
        context.say(`    ${formatRate(rate, 'req/s')}, RSS growth ${formatBytes(growth?.growthBytes ?? null)}`)
      }
      const candidate = measured.groundwork as Served
      const reference = measured['fastify-static'] as Served
      const limit = hotCacheMaxBytes + growthAllowanceBytes
      const servedAll = candidate.requests >= manyFiles * passes
      context.check({
        label: `@groundwork/static: RSS growth serving ${manyFiles.toLocaleString('en')} distinct ${manyFileSize / KiB} KiB files ` +
          `(${(manyFiles * manyFileSize / MiB).toFixed(0)} MiB) with hotCache.maxBytes ${hotCacheMaxBytes / MiB} MiB`,
        value: candidate.growth,
        unit: 'bytes',
        targetText: `≤ maxBytes + ${formatBytes(growthAllowanceBytes)} = ${formatBytes(limit)}`,
        met: candidate.growth === null || !servedAll ? null : candidate.growth <= limit,
        detail: `(${candidate.requests.toLocaleString('en')} requests at ${formatRate(candidate.rate, 'req/s')}, ` +
          `${(candidate.requests / manyFiles).toFixed(1)} passes over the files` +
          `${servedAll ? '' : `: the ${cycleCapSeconds.groundwork} s cap came first, so the check is not conclusive`})`
      })
      context.check({
        label: '@fastify/static: RSS growth serving the same files (reference, no cache)',
        value: reference.growth,
        unit: 'bytes',
        targetText: 'report',
        met: null,
        detail: `(${reference.requests.toLocaleString('en')} requests at ${formatRate(reference.rate, 'req/s')}` +
          `${reference.requests >= manyFiles * passes ? '' : `, stopped at the ${cycleCapSeconds['fastify-static']} s cap`})`
      })
    }
  }]
}
