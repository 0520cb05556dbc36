// For every package: pack it, install the tarball (with the sibling tarballs it depends on) plus
// fastify and TypeScript into a fresh npm project outside the workspace, then prove that ESM import,
// CommonJS require(), and TypeScript consumers (right and deliberately wrong options) behave.
import { builtinModules } from 'node:module'
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join, posix } from 'node:path'
import t from 'tap'
import { fixturesDir, packAll, run, siblingClosure, tarEntries, tarFile, type Manifest, type Packed } from './lib/pack.js'

const consumerTsconfig = {
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    strict: true,
    noEmit: true,
    // Check the shipped .d.ts files too, not only our use of them.
    skipLibCheck: false,
    types: ['node']
  }
}

/** Every condition object in `exports` lists `types` first. */
function typesFirstProblems (exportsField: unknown, path = 'exports'): string[] {
  if (exportsField === null || typeof exportsField !== 'object') return []
  const keys = Object.keys(exportsField)
  const problems: string[] = []
  const conditions = keys.filter(key => !key.startsWith('.'))
  if (conditions.includes('types') && conditions[0] !== 'types') problems.push(`${path}: "types" must come first, got ${conditions.join(', ')}`)
  for (const key of keys) problems.push(...typesFirstProblems((exportsField as Record<string, unknown>)[key], `${path}["${key}"]`))
  return problems
}

function bareImports (source: string): string[] {
  const specifiers = new Set<string>()
  for (const match of source.matchAll(/(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm)) {
    const specifier = match[1] ?? match[2] ?? match[3]
    if (specifier !== undefined && !specifier.startsWith('.') && !specifier.startsWith('/')) specifiers.add(specifier)
  }
  return [...specifiers]
}

function packageNameOf (specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string)
}

const { dir, packed } = await packAll()
t.teardown(() => rm(dir, { recursive: true, force: true }))

t.ok(packed.length >= 5, `expected the five packages to be packed, got ${packed.map(p => p.manifest.name).join(', ')}`)

for (const pkg of packed) {
  t.test(pkg.manifest.name, async t => {
    const manifest = JSON.parse(await tarFile(pkg.tarball, 'package.json')) as Manifest
    const entries = await tarEntries(pkg.tarball)

    t.test('packed package.json', async t => {
      const text = JSON.stringify(manifest)
      t.notOk(text.includes('workspace:'), `expected no workspace: ranges in the packed package.json, got ${JSON.stringify({ ...manifest.dependencies, ...manifest.peerDependencies })}`)
      t.same(typesFirstProblems(manifest.exports), [], 'expected "types" first in every exports condition')
      t.ok(manifest.exports !== undefined, 'expected an exports map')
      t.ok(Array.isArray(manifest.files) && manifest.files.length > 0, `expected a files allow-list, got ${JSON.stringify(manifest.files)}`)
      t.equal(manifest.peerDependencies?.fastify, '^5', `expected peerDependencies.fastify "^5", got ${JSON.stringify(manifest.peerDependencies)}`)
      t.ok(manifest.engines?.node !== undefined, `expected engines.node, got ${JSON.stringify(manifest.engines)}`)
      t.ok(typeof manifest.license === 'string' && manifest.license.length > 0, `expected a license, got ${String(manifest.license)}`)
      t.ok(manifest.repository !== undefined, 'expected a repository')
      t.ok(Array.isArray(manifest.keywords) && manifest.keywords.length > 0, `expected keywords, got ${JSON.stringify(manifest.keywords)}`)
      t.equal(manifest.type, 'module', `expected "type": "module", got ${String(manifest.type)}`)
    })

    t.test('tarball contents', async t => {
      for (const required of ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/index.d.ts.map']) {
        t.ok(entries.includes(required), `expected ${required} in the tarball; it holds ${entries.length} files`)
      }
      const tests = entries.filter(entry => /(^|\/)(test|tests|__tests__)\//.test(entry) || /\.test\.[cm]?[jt]s$/.test(entry))
      t.same(tests, [], 'expected no test files in the tarball')
      // Source maps must point only at files that ship.
      const missing: string[] = []
      for (const map of entries.filter(entry => entry.endsWith('.map'))) {
        const { sources = [] } = JSON.parse(await tarFile(pkg.tarball, map)) as { sources?: string[] }
        for (const source of sources) {
          const target = posix.normalize(posix.join(posix.dirname(map), source))
          if (!entries.includes(target)) missing.push(`${map} -> ${source}`)
        }
      }
      t.same(missing, [], 'expected every source map to point at files in the tarball')
      // Real dependencies: everything dist imports is declared (no phantom dependency that only
      // resolves inside the workspace).
      const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})])
      const undeclared = new Set<string>()
      for (const file of entries.filter(entry => entry.startsWith('dist/') && entry.endsWith('.js'))) {
        for (const specifier of bareImports(await tarFile(pkg.tarball, file))) {
          const name = packageNameOf(specifier)
          if (specifier.startsWith('node:') || builtinModules.includes(name)) continue
          if (!declared.has(name)) undeclared.add(`${name} (in ${file})`)
        }
      }
      t.same([...undeclared], [], `expected every import of dist/ to be a declared dependency or peer (declared: ${[...declared].join(', ')})`)
    })

    t.test('installed from the tarball into a fresh npm project', async t => {
      const fixtures = join(fixturesDir, pkg.dir)
      t.ok(existsSync(fixtures), `expected consumer fixtures in ${fixtures}`)
      if (!existsSync(fixtures)) return
      const project = join(dir, 'consumers', pkg.dir)
      await mkdir(project, { recursive: true })
      await cp(fixtures, project, { recursive: true })
      await writeFile(join(project, 'package.json'), JSON.stringify({ name: `consumer-of-${pkg.dir}`, private: true, type: 'module' }, null, 2))
      const tsFiles = (await readdir(project)).filter(file => /^consumer\.[cm]?ts$/.test(file))
      await writeFile(join(project, 'tsconfig.json'), JSON.stringify({ ...consumerTsconfig, files: tsFiles }, null, 2))
      await writeFile(join(project, 'tsconfig.wrong.json'), JSON.stringify({ ...consumerTsconfig, files: ['wrong.ts'] }, null, 2))

      const siblings = siblingClosure({ ...pkg, manifest } as Packed, packed)
      const install = await run('npm', [
        'install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', '--no-package-lock',
        pkg.tarball, ...siblings.map(s => s.tarball), 'fastify@5', 'typescript@~5.9', '@types/node@20'
      ], project)
      t.equal(install.code, 0, `expected npm install of ${pkg.manifest.name}'s tarball${siblings.length > 0 ? ` (+ ${siblings.map(s => s.manifest.name).join(', ')})` : ''} to succeed, got exit ${install.code}:\n${install.stderr}`)
      if (install.code !== 0) return

      const esm = await run(process.execPath, ['esm.mjs'], project, 30_000)
      t.equal(esm.code, 0, `expected the ESM consumer (import) to register the plugin and get the expected inject answer, got exit ${esm.code}:\n${esm.stdout}${esm.stderr}`)
      t.match(esm.stdout, /^ok /m, 'expected the ESM consumer to print its ok line')

      const cjs = await run(process.execPath, ['cjs.cjs'], project, 30_000)
      t.equal(cjs.code, 0, `expected the CommonJS consumer (require) to register the plugin and get the expected inject answer, got exit ${cjs.code}:\n${cjs.stdout}${cjs.stderr}`)
      t.match(cjs.stdout, /^ok /m, 'expected the CommonJS consumer to print its ok line')

      const tsc = join(project, 'node_modules', '.bin', 'tsc')
      const typed = await run(tsc, ['-p', 'tsconfig.json'], project, 120_000)
      t.equal(typed.code, 0, `expected ${tsFiles.join(' + ')} (options and decorators) to type-check, got exit ${typed.code}:\n${typed.stdout}${typed.stderr}`)

      const wrongSource = await readFile(join(project, 'wrong.ts'), 'utf8')
      const wrongLine = wrongSource.split('\n').findIndex(line => line.includes('// wrong:')) + 1
      t.ok(wrongLine > 0, 'expected wrong.ts to mark its wrong option with a "// wrong:" comment')
      const wrong = await run(tsc, ['-p', 'tsconfig.wrong.json'], project, 120_000)
      t.not(wrong.code, 0, `expected a deliberately wrong option to fail to type-check, but tsc passed:\n${wrongSource}`)
      t.match(wrong.stdout, new RegExp(`wrong\\.ts\\(${wrongLine},\\d+\\): error TS\\d+`), `expected the type error on wrong.ts line ${wrongLine} (the wrong option), got:\n${wrong.stdout}`)
      const otherErrors = wrong.stdout.split('\n').filter(line => /error TS\d+/.test(line) && !line.startsWith(`wrong.ts(${wrongLine},`))
      t.same(otherErrors, [], 'expected no other type error in wrong.ts than the wrong option')

      t.comment(`pack-check ${pkg.manifest.name}: tarball ${entries.length} files, siblings [${siblings.map(s => s.manifest.name).join(', ')}], esm ok, cjs ok, tsc ok, wrong option rejected at line ${wrongLine}`)
    })
  })
}
