#!/usr/bin/env node
// `pnpm bench:instructions [json|form]`: instructions per request of the body echo, @groundwork/body
// against Fastify's built-in parser (json) or @fastify/formbody (form), counted by valgrind's
// callgrind. Each server runs twice under callgrind, answering `fewer` then `more` requests; the
// difference divided by the extra requests cancels start-up and the first requests. Unlike req/s,
// the counts do not move with the machine's load.
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { perRequest, readAnnotation, type Counts } from './callgrind.js'
import { formOfSize, jsonOfSize, KiB } from './fixtures.js'
import { send } from './load.js'
import type { BodyServerOptions } from './servers/body.js'

interface Shape {
  type: string
  body: string
  baseline: string
}

const execFileAsync = promisify(execFile)
const entry = fileURLToPath(new URL('./servers/standalone.js', import.meta.url))
// Requests 1,000 to 4,000 by default; `pnpm bench:instructions json 5000 20000` counts a later window,
// once V8 has compiled more of both servers, about where the throughput suite's 1 s warm-up ends here.
const [fewer = 1000, more = 4000] = process.argv.slice(3).map(Number)
const concurrency = 10
const bodies = {
  json: { type: 'application/json', body: jsonOfSize(KiB), baseline: 'Fastify built-in JSON' },
  form: { type: 'application/x-www-form-urlencoded', body: formOfSize(KiB), baseline: '@fastify/formbody' }
} satisfies Record<string, Shape>

async function sendRequests (port: number, count: number, shape: Shape): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  const url = new URL('/echo', `http://127.0.0.1:${port}`)
  const request = { method: 'POST', path: '/echo', headers: { 'content-type': shape.type }, body: shape.body }
  let sent = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (sent < count) {
      sent++
      const answer = await send(url, request, { agent, timeoutMs: 0 })
      if (answer.status !== 200) throw new Error(`POST /echo answered ${answer.status}`)
    }
  }))
  agent.destroy()
}

async function countOnce (dir: string, parser: BodyServerOptions['parser'], count: number, shape: Shape): Promise<Counts> {
  const out = path.join(dir, `${parser}-${count}.callgrind`)
  const options: BodyServerOptions = { parser }
  const child = spawn('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, process.execPath, entry, 'body', JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', chunk => { stderr = (stderr + chunk).slice(-4000) })
  const exited = new Promise(resolve => child.once('exit', resolve))
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = ''
    child.stdout.on('data', chunk => {
      stdout += chunk
      const match = /PORT (\d+)/.exec(stdout)
      if (match !== null) resolve(Number(match[1]))
    })
    child.once('exit', code => reject(new Error(`the server exited with ${code} before listening: ${stderr.trim()}`)))
  })
  await sendRequests(port, count, shape)
  child.kill('SIGTERM')
  await exited
  return { requests: count, ...readAnnotation((await execFileAsync('callgrind_annotate', ['--threshold=100', out], { maxBuffer: 64 << 20 })).stdout) }
}

async function measure (dir: string, parser: BodyServerOptions['parser'], shape: Shape): Promise<{ perRequest: number, steadyPerRequest: number }> {
  // The two runs are independent: one per core.
  const [a, b] = await Promise.all([countOnce(dir, parser, fewer, shape), countOnce(dir, parser, more, shape)])
  return perRequest(a, b)
}

const which = process.argv[2] ?? 'json'
const shape = which === 'json' || which === 'form' ? bodies[which] : undefined
if (shape === undefined || !Number.isSafeInteger(fewer) || !Number.isSafeInteger(more) || fewer < 1 || more <= fewer) {
  process.stderr.write(`usage: pnpm bench:instructions [${Object.keys(bodies).join('|')}] [fewer more] (requests; 0 < fewer < more)\n`)
  process.exit(2)
}
const dir = await mkdtemp(path.join(os.tmpdir(), 'groundwork-callgrind-'))
try {
  process.stderr.write(`callgrind: 1 KiB ${which} echo, ${fewer} and ${more} requests per server (a few minutes)\n`)
  const candidate = await measure(dir, 'groundwork', shape)
  const baseline = await measure(dir, 'fastify', shape)
  const row = (label: string, figures: { perRequest: number, steadyPerRequest: number }): string =>
    `| ${label} | ${Math.round(figures.perRequest).toLocaleString('en')} | ${Math.round(figures.steadyPerRequest).toLocaleString('en')} |`
  process.stdout.write([
    `Instructions per request, 1 KiB ${which} echo (requests ${fewer} to ${more}; steady: without V8 compiling)`,
    '',
    '| server | all | steady |',
    '| --- | --- | --- |',
    row('@groundwork/body', candidate),
    row(shape.baseline, baseline),
    '',
    `Ratio baseline / candidate (higher is better for @groundwork/body, like a req/s ratio): all ${(baseline.perRequest / candidate.perRequest).toFixed(3)}, ` +
      `steady ${(baseline.steadyPerRequest / candidate.steadyPerRequest).toFixed(3)}`,
    ''
  ].join('\n'))
} finally {
  await rm(dir, { recursive: true, force: true })
}
