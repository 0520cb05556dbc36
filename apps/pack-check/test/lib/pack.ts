// Packs the workspace packages the way they would be published (`pnpm pack` rewrites workspace:*
// to real versions) and builds throwaway consumer projects OUTSIDE the workspace from the tarballs.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoDir = fileURLToPath(new URL('../../../../', import.meta.url))
export const packCheckDir = fileURLToPath(new URL('../../', import.meta.url))
export const fixturesDir = join(packCheckDir, 'fixtures')

export interface Manifest {
  name: string
  version: string
  private?: boolean
  type?: string
  files?: string[]
  exports?: unknown
  main?: string
  types?: string
  license?: string
  repository?: unknown
  keywords?: string[]
  engines?: Record<string, string>
  sideEffects?: boolean | string[]
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

export interface WorkspacePackage {
  /** folder name under packages/, e.g. "keep-alive" */
  dir: string
  path: string
  manifest: Manifest
}

export interface Packed extends WorkspacePackage {
  tarball: string
}

// Where to fetch from is the user's choice; everything else pnpm exports as npm_* is not npm's business.
const keptNpmSettings = /^npm_config_(registry|cache|userconfig|globalconfig|https?_proxy|proxy|noproxy|strict_ssl|cafile)$/i

/** Node without tap's loaders, npm without pnpm's npm_* settings. */
export function cleanEnv (extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('npm_') && !keptNpmSettings.test(key)) continue
    if (key === 'NODE_OPTIONS' || key.startsWith('TAP') || key.startsWith('TS_NODE') || key.startsWith('NODE_V8_COVERAGE')) continue
    env[key] = value
  }
  return { ...env, ...extra }
}

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export async function run (command: string, args: string[], cwd: string, timeoutMs = 180_000): Promise<RunResult> {
  return await new Promise(resolve => {
    execFile(command, args, { cwd, env: cleanEnv(), timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1
      resolve({ code, stdout, stderr: stderr + (error !== null && typeof error.code !== 'number' ? `\n${error.message}` : '') })
    })
  })
}

/** The publishable packages under packages/ (sync, so tests can declare one subtest each up front). */
export function workspacePackages (): WorkspacePackage[] {
  const root = join(repoDir, 'packages')
  const dirs = readdirSync(root, { withFileTypes: true }).filter(entry => entry.isDirectory()).map(entry => entry.name).sort()
  const packages: WorkspacePackage[] = []
  for (const dir of dirs) {
    const path = join(root, dir)
    if (!existsSync(join(path, 'package.json'))) continue
    const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as Manifest
    if (manifest.private === true) continue
    packages.push({ dir, path, manifest })
  }
  return packages
}

/** `pnpm pack` every package into one fresh temp dir. Throws (with pnpm's output) when one fails. */
export async function packAll (): Promise<{ dir: string, packed: Packed[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'gw-pack-'))
  const tarballs = join(dir, 'tarballs')
  const packed: Packed[] = []
  for (const pkg of workspacePackages()) {
    if (!existsSync(join(pkg.path, 'dist', 'index.js'))) {
      throw new Error(`expected ${pkg.manifest.name} to be built (dist/index.js); run: pnpm --filter "@groundwork/pack-check..." build`)
    }
    const result = await run('pnpm', ['pack', '--pack-destination', tarballs], pkg.path)
    if (result.code !== 0) throw new Error(`expected pnpm pack of ${pkg.manifest.name} to succeed, got exit ${result.code}:\n${result.stdout}\n${result.stderr}`)
    const name = `${pkg.manifest.name.replace(/^@/, '').replace('/', '-')}-${pkg.manifest.version}.tgz`
    const tarball = join(tarballs, name)
    if (!existsSync(tarball)) throw new Error(`expected pnpm pack to write ${tarball}; it printed:\n${result.stdout}`)
    packed.push({ ...pkg, tarball })
  }
  return { dir, packed }
}

/** Lists a tarball's entries (paths without the leading "package/"). */
export async function tarEntries (tarball: string): Promise<string[]> {
  const result = await run('tar', ['-tzf', tarball], tmpdir())
  if (result.code !== 0) throw new Error(`expected tar to list ${tarball}: ${result.stderr}`)
  return result.stdout.split('\n').filter(Boolean).map(entry => entry.replace(/^package\//, ''))
}

/** Reads one file out of a tarball. */
export async function tarFile (tarball: string, path: string): Promise<string> {
  const result = await run('tar', ['-xzOf', tarball, `package/${path}`], tmpdir())
  if (result.code !== 0) throw new Error(`expected ${path} in ${tarball}: ${result.stderr}`)
  return result.stdout
}
