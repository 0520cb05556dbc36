import t from 'tap'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { valueOf } from './helpers/prometheus-text.js'
import { listening } from './helpers/listen.js'
import { scrape } from './helpers/metrics.js'

async function readiness (port: number): Promise<{ status: number, body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${port}/health/ready`)
  return { status: response.status, body: await response.json() }
}

/** Polls readiness until it answers `status`, for at most `ms` (the file is looked for every second). */
async function readinessBecomes (port: number, status: number, ms: number): Promise<number> {
  const start = performance.now()
  while ((await readiness(port)).status !== status) {
    if (performance.now() - start > ms) throw new Error(`expected readiness ${status} within ${ms} ms`)
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  return performance.now() - start
}

t.test('touch the file: readiness 503 maintenance, liveness 200, traffic served; rm it: ready again', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'gw-maintenance-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const file = join(dir, 'maintenance')
  const { app, port } = await listening(t, { maintenanceFile: file, metricsPort: 0 })
  t.same(await readiness(port), { status: 200, body: { status: 'ready' } }, 'no file: ready')

  await writeFile(file, '')
  const onAfter = await readinessBecomes(port, 503, 2000)
  t.ok(onAfter < 2000, `503 within ${Math.round(onAfter)} ms`)
  t.same(await readiness(port), { status: 503, body: { status: 'maintenance' } })
  t.equal((await fetch(`http://127.0.0.1:${port}/health/live`)).status, 200, 'still live')
  t.equal((await fetch(`http://127.0.0.1:${port}/api/users`)).status, 200, 'still serving')
  t.equal(valueOf(await scrape(app), 'groundwork_maintenance'), 1)
  t.equal(valueOf(await scrape(app), 'groundwork_ready'), 0)

  await rm(file)
  const offAfter = await readinessBecomes(port, 200, 2000)
  t.ok(offAfter < 2000, `200 again within ${Math.round(offAfter)} ms`)
  t.equal(valueOf(await scrape(app), 'groundwork_maintenance'), 0)
})

t.test('started with the file there, the instance is never ready until it goes', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'gw-maintenance-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const file = join(dir, 'maintenance')
  await writeFile(file, '')
  const { port } = await listening(t, { maintenanceFile: file })
  t.same(await readiness(port), { status: 503, body: { status: 'maintenance' } }, 'the first probe already')
  await rm(file)
  await readinessBecomes(port, 200, 2000)
})
