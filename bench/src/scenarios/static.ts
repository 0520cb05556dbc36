// Static files against what a Node user would pick instead: a 1 KiB file against sirv, serve-static,
// @fastify/static and the Fastify floor (with nginx and the node:http ceiling reported); 1 MiB and 10 MiB files
// against the same peers and nginx; memory under 10 concurrent 100 MiB downloads; and the hot cache's memory
// while 10,000 distinct files go through it.
import path from 'node:path'
import { KiB, MiB, writeFiles, writeManyFiles } from '../fixtures.js'
import { preflight, runLoad } from '../load.js'
import { formatBytes, formatRate } from '../report.js'
import { readMemoryOf } from '../memory.js'
import type { Group, Scenario, ScenarioContext } from '../runner.js'
import type { LoadRequest, TargetSpec } from '../types.js'
import type { StaticServerOptions } from '../servers/static.js'
import { measureGrowth } from './memory-growth.js'
import { roundsSeconds } from './timing.js'

const manyFiles = 10_000
const manyFileSize = 4 * KiB
const hotCacheMaxBytes = 16 * MiB
/** What the process may grow beyond the cache budget: sockets, buffers and heap churn under load. */
const growthAllowanceBytes = 32e6
const largeFileConnections = 10
/** The memory check of large downloads: this many clients downloading a file of this size, for this long. */
const downloadConnections = 10
const downloadSize = 100 * MiB
const downloadSeconds = 3
/** A download costs one 256 KiB read buffer (at most 16 are pooled); the rest is Node's own churn under load. */
const downloadGrowthLimitBytes = 50e6
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
    'file-1m.bin': Buffer.alloc(MiB, 'm'),
    'file-10m.bin': Buffer.alloc(10 * MiB, 'n')
  })
  return root
}

/** The peers a Node user picks instead: sirv and serve-static on node:http, and @fastify/static on Fastify. */
function peerTargets (size: string, request: LoadRequest): TargetSpec[] {
  return [
    { id: `sirv-${size}`, label: `sirv: ${size}`, server: 'sirv', request, expectStatus: 200 },
    { id: `serve-static-${size}`, label: `serve-static: ${size}`, server: 'serve-static', request, expectStatus: 200 },
    { id: `fastify-static-${size}`, label: `@fastify/static: ${size}`, server: 'fastify-static', request, expectStatus: 200 }
  ]
}

/** Starts sirv, serve-static and @fastify/static on `root`, and nginx; returns why nginx was skipped, if it was. */
async function startPeers (context: ScenarioContext, root: string): Promise<string | undefined> {
  const [nginx] = await Promise.all([
    context.startNginx('nginx', 'nginx (1 worker)', root),
    context.start('sirv', 'sirv (node:http)', 'peer-static', { engine: 'sirv', root }),
    context.start('serve-static', 'serve-static (node:http)', 'peer-static', { engine: 'serve-static', root }),
    context.start('fastify-static', '@fastify/static', 'static', { engine: 'fastify-static', root })
  ])
  return typeof nginx === 'string' ? nginx : undefined
}

/** A large file (default options: over hotCache.maxFileSize, streamed from disk) against the peers and nginx. */
function largeFileScenario (size: '1 MiB' | '10 MiB', file: string, cached: boolean): Scenario {
  const id = size === '1 MiB' ? '1m' : '10m'
  return {
    id: `file-${id}`,
    title: `${size} file`,
    unit: 'MB/s',
    estimateSeconds: settings => roundsSeconds(settings, cached ? 6 : 5) + 2,
    async run (context) {
      const root = await filesRoot(context)
      const [nginxSkipped] = await Promise.all([
        startPeers(context, root),
        context.start('groundwork', '@groundwork/static (defaults)', 'static', { engine: 'groundwork', root }),
        ...(cached
          ? [context.start('groundwork-cached', `@groundwork/static (hotCache.maxFileSize ${largeFileCacheLimit / MiB} MiB)`, 'static', {
              engine: 'groundwork', root, options: { hotCache: { maxFileSize: largeFileCacheLimit } }
            })]
          : [])
      ])
      const request = { path: `/${file}`, connections: largeFileConnections }
      context.note(`${largeFileConnections} connections: a large download is bound by bandwidth, not by concurrency`)
      context.note(`with its defaults (hotCache.maxFileSize 256 KiB) @groundwork/static streams a ${size} file from disk ` +
        'on its fast path (one descriptor, reused 256 KiB read buffers)' +
        (cached ? `; the "cached" row raises maxFileSize to ${largeFileCacheLimit / MiB} MiB so the file is served from memory` : ''))
      const targets: TargetSpec[] = [
        { id: `gw-${id}`, label: `@groundwork/static: ${size}`, server: 'groundwork', request, expectStatus: 200 },
        ...peerTargets(id, request),
        ...(cached ? [{ id: `gw-cached-${id}`, label: `@groundwork/static, ${size} cached`, server: 'groundwork-cached', request, expectStatus: 200 }] : []),
        ...(nginxSkipped === undefined ? [{ id: `nginx-${id}`, label: `nginx: ${size}`, server: 'nginx', request, expectStatus: 200 }] : [])
      ]
      await context.measure(targets, [
        { label: `${size} file vs sirv, defaults`, candidate: `gw-${id}`, baseline: `sirv-${id}`, target: 1.2 },
        { label: `${size} file vs serve-static, defaults`, candidate: `gw-${id}`, baseline: `serve-static-${id}`, target: 1.2 },
        { label: `${size} file vs @fastify/static, defaults`, candidate: `gw-${id}`, baseline: `fastify-static-${id}`, target: 2.5 },
        {
          label: `${size} file vs nginx (the physical limit, reported)`,
          candidate: `gw-${id}`,
          baseline: `nginx-${id}`,
          target: null,
          ...(nginxSkipped === undefined ? {} : { skipped: nginxSkipped })
        },
        ...(cached
          ? [{ label: `${size} file vs @fastify/static, hotCache.maxFileSize ${largeFileCacheLimit / MiB} MiB`, candidate: `gw-cached-${id}`, baseline: `fastify-static-${id}`, target: null }]
          : [])
      ])
    }
  }
}

export const staticFiles: Group = {
  name: 'static',
  title: 'Static files',
  needs: ['@groundwork/static', 'sirv', 'serve-static'],
  scenarios: [{
    id: 'file-1k',
    title: '1 KiB file',
    unit: 'req/s',
    estimateSeconds: settings => roundsSeconds(settings, 9) + 2,
    async run (context) {
      const root = await filesRoot(context)
      const file = path.join(root, 'file-1k.txt')
      const [nginxSkipped] = await Promise.all([
        startPeers(context, root),
        context.start('groundwork', '@groundwork/static (hot cache)', 'static', { engine: 'groundwork', root }),
        context.start('groundwork-again', '@groundwork/static, a second copy (A/A)', 'static', { engine: 'groundwork', root }),
        context.start('floor', 'bare Fastify route, same headers and bytes from memory (the Fastify floor)', 'fastify-floor', { path: '/file-1k.txt', file, headers: 'same' }),
        context.start('floor-type', 'bare Fastify route, bytes from memory with Content-Type only', 'fastify-floor', { path: '/file-1k.txt', file, headers: 'content-type' }),
        context.start('node-http', 'node:http, the file from memory (ceiling)', 'raw-file', { path: '/file-1k.txt', file })
      ])
      const request = { path: '/file-1k.txt' }
      await context.measure([
        { id: 'gw-1k', label: '@groundwork/static: 1 KiB', server: 'groundwork', request, expectStatus: 200 },
        ...peerTargets('1k', request),
        { id: 'floor-1k', label: 'Fastify floor: 1 KiB', server: 'floor', request, expectStatus: 200 },
        { id: 'gw-again-1k', label: '@groundwork/static (A/A copy): 1 KiB', server: 'groundwork-again', request, expectStatus: 200 },
        { id: 'floor-type-1k', label: 'Fastify, Content-Type only: 1 KiB', server: 'floor-type', request, expectStatus: 200 },
        { id: 'node-http-1k', label: 'node:http ceiling: 1 KiB', server: 'node-http', request, expectStatus: 200 },
        ...(nginxSkipped === undefined ? [{ id: 'nginx-1k', label: 'nginx: 1 KiB', server: 'nginx', request, expectStatus: 200 }] : [])
      ], [
        { label: '1 KiB file vs sirv', candidate: 'gw-1k', baseline: 'sirv-1k', target: 2.0 },
        { label: '1 KiB file vs serve-static', candidate: 'gw-1k', baseline: 'serve-static-1k', target: null },
        { label: '1 KiB file vs @fastify/static', candidate: 'gw-1k', baseline: 'fastify-static-1k', target: 4.0 },
        { label: '1 KiB file vs the Fastify floor (a bare route, same headers and bytes)', candidate: 'gw-1k', baseline: 'floor-1k', target: 0.95 },
        { label: '1 KiB file, @groundwork/static vs a second copy of itself (A/A: the noise floor)', candidate: 'gw-1k', baseline: 'gw-again-1k', target: null },
        { label: '1 KiB file vs a bare Fastify route with Content-Type only', candidate: 'gw-1k', baseline: 'floor-type-1k', target: null },
        { label: '1 KiB file vs the node:http ceiling', candidate: 'gw-1k', baseline: 'node-http-1k', target: null },
        {
          label: '1 KiB file vs nginx (the physical limit, reported)',
          candidate: 'gw-1k',
          baseline: 'nginx-1k',
          target: null,
          ...(nginxSkipped === undefined ? {} : { skipped: nginxSkipped })
        }
      ])
      context.note('the Fastify floor is a bare Fastify wildcard route answering the same headers and bytes from memory, ' +
        'built once: what Fastify itself costs for this response; node:http answering the bytes is the most any Node server can do here')
    }
  },
  largeFileScenario('1 MiB', 'file-1m.bin', true),
  largeFileScenario('10 MiB', 'file-10m.bin', false),
  {
    id: 'large-download-memory',
    title: `memory, ${downloadConnections} concurrent downloads of a ${downloadSize / MiB} MiB file`,
    unit: 'MB/s',
    estimateSeconds: () => 2 * (downloadSeconds + 2),
    async run (context) {
      const root = await context.workspace.subdir('download')
      await writeFiles(root, { 'file-100m.bin': Buffer.alloc(downloadSize, 'd') })
      const request = { path: '/file-100m.bin', connections: downloadConnections }
      const engines = [
        { key: 'groundwork', label: '@groundwork/static (defaults)', start: () => context.start('groundwork', '@groundwork/static (defaults)', 'static', { engine: 'groundwork', root }) },
        { key: 'sirv', label: 'sirv (node:http)', start: () => context.start('sirv', 'sirv (node:http)', 'peer-static', { engine: 'sirv', root }) }
      ]
      for (const [index, entry] of engines.entries()) {
        const server = await entry.start()
        const check = await preflight(server.origin, { ...request, method: 'HEAD' }, 200)
        if (!check.ok) throw new Error(`${entry.label}: ${check.problem}`)
        let rate = 0
        const growth = await measureGrowth(server, async () => {
          const figures = await runLoad(server.origin, request, { generator: context.settings.load, seconds: downloadSeconds, connections: downloadConnections })
          rate = figures.bytesPerSecond
        })
        const peak = (await readMemoryOf(server.pids()))?.peakRssBytes ?? null
        context.say(`    ${entry.label}: ${formatRate(rate, 'MB/s')}, RSS growth ${formatBytes(growth?.growthBytes ?? null)}, peak ${formatBytes(peak)}`)
        context.check({
          label: `${entry.label}: RSS growth during ${downloadConnections} concurrent downloads of a ${downloadSize / MiB} MiB file (${downloadSeconds} s)`,
          value: growth?.growthBytes ?? null,
          unit: 'bytes',
          targetText: index === 0 ? `< ${formatBytes(downloadGrowthLimitBytes)}` : 'report',
          met: index === 0 && growth !== null ? growth.growthBytes < downloadGrowthLimitBytes : null,
          detail: `(${formatRate(rate, 'MB/s')}; peak RSS ${formatBytes(peak)})`
        })
      }
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
