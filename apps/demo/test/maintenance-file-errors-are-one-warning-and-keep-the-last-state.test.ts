import t from 'tap'
import Fastify from 'fastify'
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import gracefulClose from '@groundwork/graceful-close'
import { watchMaintenanceFile } from '../src/maintenance-file.js'

const intervalMs = 20

async function waitFor (what: string, condition: () => boolean, ms = 2000): Promise<void> {
  const start = performance.now()
  while (!condition()) {
    if (performance.now() - start > ms) throw new Error(`expected ${what} within ${ms} ms`)
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

t.test('a stat that fails with anything but ENOENT is one warning, and maintenance stays as it was', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'gw-maintenance-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const parent = join(dir, 'run')
  const file = join(parent, 'maintenance')
  const warnings: string[] = []
  const app = Fastify({ logger: { level: 'warn', stream: { write: (line: string) => { warnings.push(JSON.parse(line).msg) } } } })
  t.teardown(() => app.close())
  await app.register(gracefulClose)
  watchMaintenanceFile(app, file, intervalMs)
  await app.ready()
  t.equal(app.shutdownMetrics.maintenance, false)

  // A file where the directory should be: stat says ENOTDIR, which is not "no file".
  await writeFile(parent, '')
  await new Promise(resolve => setTimeout(resolve, intervalMs * 10))
  t.equal(app.shutdownMetrics.maintenance, false, 'off, as it was')
  t.same(warnings, [`MAINTENANCE_FILE: cannot tell whether ${file} exists (ENOTDIR); maintenance stays off`], 'one warning for ten failed checks')

  // From here the parent is a symbolic link, so that it can turn from a directory into a file in
  // one rename: removing the directory first leaves a moment in which a check rightly reads "no
  // file" and turns maintenance off (seen in a loaded CI).
  const directory = join(dir, 'directory')
  const notADirectory = join(dir, 'not-a-directory')
  await mkdir(directory)
  await writeFile(join(directory, 'maintenance'), '')
  await writeFile(notADirectory, '')
  await rm(parent)
  await symlink(directory, parent)
  await waitFor('maintenance on', () => app.shutdownMetrics.maintenance)

  await symlink(notADirectory, join(dir, 'next-parent'))
  await rename(join(dir, 'next-parent'), parent)
  await new Promise(resolve => setTimeout(resolve, intervalMs * 10))
  t.equal(app.shutdownMetrics.maintenance, true, 'on, as it was')
  t.equal(warnings.length, 2, 'a new failure after a good check warns again, once')
  t.equal(warnings[1], `MAINTENANCE_FILE: cannot tell whether ${file} exists (ENOTDIR); maintenance stays on`)
})

t.test('close stops the checks: the file appearing afterwards changes nothing', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'gw-maintenance-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const file = join(dir, 'maintenance')
  const app = Fastify()
  await app.register(gracefulClose)
  watchMaintenanceFile(app, file, intervalMs)
  await app.ready()
  await app.close()
  await writeFile(file, '')
  await new Promise(resolve => setTimeout(resolve, intervalMs * 5))
  t.equal(app.shutdownMetrics.maintenance, false, 'nobody looks any more')
})
