// publint (package.json / exports / files) and Are the Types Wrong (types per resolution mode, node16
// profile) against every packed tarball: no errors.
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { publint } from 'publint'
import { formatMessage } from 'publint/utils'
import t from 'tap'
import { packAll, packCheckDir, run } from './lib/pack.js'

// The packages are ESM-only and declare engines.node >= 20.19, where require(esm) works without a
// flag. attw (which bundles TypeScript 5.6) still reports that as "CJS resolves to ESM"; the
// tarball test proves the CommonJS require() path for real, so that one rule is not an error here.
const acceptedAttwRules = ['cjs-resolves-to-esm']

interface AttwProblem {
  kind: string
  entrypoint?: string
  resolutionKind?: string
}

const { dir, packed } = await packAll()
t.teardown(() => rm(dir, { recursive: true, force: true }))

for (const pkg of packed) {
  t.test(`${pkg.manifest.name}: publint`, async t => {
    const tarball = await readFile(pkg.tarball)
    const { messages, pkg: manifest } = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      level: 'warning'
    })
    const errors = messages.filter(message => message.type === 'error')
    const warnings = messages.filter(message => message.type === 'warning')
    t.same(errors.map(message => formatMessage(message, manifest, { color: false }) ?? message.code), [], 'expected publint to report no errors')
    t.comment(`publint ${pkg.manifest.name}: errors=${errors.length} warnings=${warnings.length}${warnings.length > 0 ? ' (' + warnings.map(w => formatMessage(w, manifest, { color: false }) ?? w.code).join('; ') + ')' : ''}`)
  })
}

// attw loads TypeScript per run: two at a time keeps the two cores busy.
const attw = join(packCheckDir, 'node_modules', '.bin', 'attw')
const results = new Map<string, ReturnType<typeof run>>()
for (let i = 0; i < packed.length; i += 2) {
  const batch = packed.slice(i, i + 2).map(pkg => {
    const result = run(attw, [pkg.tarball, '--profile', 'node16', '--no-definitely-typed', '--format', 'json', '--ignore-rules', ...acceptedAttwRules], dir, 120_000)
    results.set(pkg.manifest.name, result)
    return result
  })
  await Promise.all(batch)
}

for (const pkg of packed) {
  t.test(`${pkg.manifest.name}: attw --profile node16`, async t => {
    const result = await (results.get(pkg.manifest.name) as ReturnType<typeof run>)
    let problems: AttwProblem[] = []
    try {
      const report = JSON.parse(result.stdout) as { analysis?: { problems?: AttwProblem[] }, problems?: Record<string, AttwProblem[]> }
      problems = report.analysis?.problems ?? []
    } catch {
      t.fail(`expected attw to print a JSON report, got exit ${result.code}:\n${result.stdout.slice(0, 2000)}${result.stderr}`)
      return
    }
    const ignored = new Set(['CJSResolvesToESM'])
    const relevant = problems.filter(problem => !ignored.has(problem.kind) && problem.resolutionKind !== 'node10')
    t.same(relevant.map(p => `${p.kind} at ${p.entrypoint ?? '?'} (${p.resolutionKind ?? 'any'})`), [], 'expected attw (node16 profile) to report no problems')
    t.comment(`attw ${pkg.manifest.name}: problems=${relevant.length} (accepted: ${problems.length - relevant.length} cjs-resolves-to-esm / node10)`)
  })
}
