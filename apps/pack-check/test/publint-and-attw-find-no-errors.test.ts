// publint (package.json / exports / files) and Are the Types Wrong (types per resolution mode, node16
// profile) against every packed tarball: no errors.
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import t, { type Test } from 'tap'
import { packAll, packCheckDir, run, workspacePackages, type Packed, type RunResult } from './lib/pack.js'

// The packages are ESM-only and declare engines.node >= 20.19, where require(esm) works without a
// flag. attw (which bundles TypeScript 5.6) still reports that as "CJS resolves to ESM"; the
// tarball test proves the CommonJS require() path for real, so that one rule is not an error here.
const acceptedAttwRules = ['cjs-resolves-to-esm']

interface AttwProblem {
  kind: string
  entrypoint?: string
  resolutionKind?: string
}

const packages = workspacePackages()
let dir = ''
let packed: Packed[] = []
const attwResults = new Map<string, RunResult>()

// attw loads TypeScript per run: two at a time keeps the two cores busy.
const attw = join(packCheckDir, 'node_modules', '.bin', 'attw')
t.before(async () => {
  ({ dir, packed } = await packAll())
  for (let i = 0; i < packed.length; i += 2) {
    await Promise.all(packed.slice(i, i + 2).map(async pkg => {
      const args = [pkg.tarball, '--profile', 'node16', '--no-definitely-typed', '--format', 'json', '--ignore-rules', ...acceptedAttwRules]
      attwResults.set(pkg.manifest.name, await run(attw, args, dir, 180_000))
    }))
  }
})
t.teardown(async () => { if (dir !== '') await rm(dir, { recursive: true, force: true }) })

function packedOf (t: Test, name: string): Packed | undefined {
  const pkg = packed.find(p => p.manifest.name === name)
  if (pkg === undefined) t.fail(`expected ${name} to be packed`)
  return pkg
}

for (const { manifest: { name } } of packages) {
  t.test(`${name}: publint`, async t => {
    const pkg = packedOf(t, name)
    if (pkg === undefined) return
    const tarball = await readFile(pkg.tarball)
    const { messages, pkg: manifest } = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      level: 'warning'
    })
    const errors = messages.filter(message => message.type === 'error')
    const warnings = messages.filter(message => message.type === 'warning')
    t.same(errors.map(message => formatMessage(message, manifest, { color: false }) ?? message.code), [], 'expected publint to report no errors')
    t.comment(`publint ${name}: errors=${errors.length} warnings=${warnings.length}${warnings.length > 0 ? ' (' + warnings.map(w => formatMessage(w, manifest, { color: false }) ?? w.code).join('; ') + ')' : ''}`)
  })

  t.test(`${name}: attw --profile node16`, async t => {
    const result = attwResults.get(name)
    if (result === undefined) {
      t.fail(`expected attw to have run on ${name}`)
      return
    }
    let problems: AttwProblem[]
    try {
      problems = (JSON.parse(result.stdout) as { analysis?: { problems?: AttwProblem[] } }).analysis?.problems ?? []
    } catch {
      t.fail(`expected attw to print a JSON report, got exit ${result.code}:\n${result.stdout.slice(0, 2000)}${result.stderr}`)
      return
    }
    const relevant = problems.filter(problem => problem.kind !== 'CJSResolvesToESM' && problem.resolutionKind !== 'node10')
    t.same(relevant.map(p => `${p.kind} at ${p.entrypoint ?? '?'} (${p.resolutionKind ?? 'any'})`), [], 'expected attw (node16 profile) to report no problems')
    t.comment(`attw ${name}: problems=${relevant.length} (accepted: ${problems.length - relevant.length} cjs-resolves-to-esm / node10)`)
  })
}
