// For every package: pack it, install the tarball (with the sibling tarballs it depends on) plus
// fastify and TypeScript into a fresh npm project outside the workspace, then prove that ESM import,
// CommonJS require(), and TypeScript consumers (right and deliberately wrong options) behave.
import { builtinModules } from 'node:module'
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync, readdirSync } from 'node:fs'
import { join, posix } from 'node:path'
import t from 'tap'
import { fixturesDir, packAll, run, tarEntries, tarFile, workspacePackages, type Manifest, type Packed, type RunResult } from './lib/pack.js'

const consumerTsconfig = {
  compilerOptions: {
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    target: 'ES2022',
    strict: true,
    noEmit: true,
    // Checking every .d.ts of fastify, pino and @types/node costs minutes on a busy 2-core box;
    // what matters here is that our types resolve and behave in a consumer's program.
    skipLibCheck: true,
    types: ['node']
  }
}

function tsFilesOf (project: string): string[] {
  return readdirSync(project).filter(file => /^consumer\.[cm]?ts$/.test(file)).sort()
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

const packages = workspacePackages()
let dir = ''
let packed: Packed[] = []
let consumer = ''
let tsc = ''
let install: RunResult = { code: -1, stdout: '', stderr: 'npm install did not run' }

// One npm project outside the workspace holds every tarball (one install keeps this fast). Each
// package is still proven on its own: its consumers import only it, each type-check is its own
// program, and the tarball test proves every import of dist/ is a declared dependency, so nothing
// resolves only because a sibling brought it.
t.before(async () => {
  ({ dir, packed } = await packAll())
  consumer = join(dir, 'consumer')
  tsc = join(consumer, 'node_modules', '.bin', 'tsc')
  await mkdir(consumer, { recursive: true })
  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'groundwork-consumer', private: true, type: 'module' }, null, 2))
  for (const pkg of packed) {
    const fixtures = join(fixturesDir, pkg.dir)
    if (!existsSync(fixtures)) continue
    const project = join(consumer, pkg.dir)
    await cp(fixtures, project, { recursive: true })
    await writeFile(join(project, 'tsconfig.json'), JSON.stringify({ ...consumerTsconfig, files: [...tsFilesOf(project), 'wrong.ts'] }, null, 2))
  }
  install = await run('npm', [
    'install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', '--no-package-lock',
    ...packed.map(p => p.tarball), 'fastify@5', 'typescript@~5.9', '@types/node@20'
  ], consumer, 300_000)
})
t.teardown(async () => { if (dir !== '') await rm(dir, { recursive: true, force: true }) })

t.test('packs and installs', async t => {
  t.same(packed.map(p => p.manifest.name), packages.map(p => p.manifest.name), 'expected every package under packages/ to be packed')
  t.equal(install.code, 0, `expected npm install of the tarballs, fastify@5, typescript@5 and @types/node into ${consumer} to succeed, got exit ${install.code}:\n${install.stderr}`)
})

for (const { dir: pkgDir, manifest: { name } } of packages) {
  t.test(name, async t => {
    const pkg = packed.find(p => p.dir === pkgDir)
    if (pkg === undefined) {
      t.fail(`expected ${name} to be packed`)
      return
    }
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
        const text = await tarFile(pkg.tarball, map)
        let sources: string[] = []
        try {
          sources = (JSON.parse(text) as { sources?: string[] }).sources ?? []
        } catch {
          missing.push(`${map} is not a JSON source map (${text.length} bytes): rebuild the package`)
        }
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
      // The .d.ts files count too: a type imported from an undeclared package silently becomes `any`.
      for (const file of entries.filter(entry => entry.startsWith('dist/') && (entry.endsWith('.js') || entry.endsWith('.d.ts')))) {
        for (const specifier of bareImports(await tarFile(pkg.tarball, file))) {
          const name = packageNameOf(specifier)
          if (specifier.startsWith('node:') || builtinModules.includes(name)) continue
          if (!declared.has(name)) undeclared.add(`${name} (in ${file})`)
        }
      }
      t.same([...undeclared], [], `expected every import of dist/ to be a declared dependency or peer (declared: ${[...declared].join(', ')})`)
    })

    t.test('installed from its tarball, used from ESM, CommonJS and TypeScript', async t => {
      const project = join(consumer, pkg.dir)
      t.ok(existsSync(project), `expected consumer fixtures in ${join(fixturesDir, pkg.dir)}`)
      if (!existsSync(project) || install.code !== 0) return

      const esm = await run(process.execPath, ['esm.mjs'], project, 60_000)
      t.equal(esm.code, 0, `expected the ESM consumer (import) to register the plugin and get the expected inject answer, got exit ${esm.code}:\n${esm.stdout}${esm.stderr}`)
      t.match(esm.stdout, /^ok /m, 'expected the ESM consumer to print its ok line')

      const cjs = await run(process.execPath, ['cjs.cjs'], project, 60_000)
      t.equal(cjs.code, 0, `expected the CommonJS consumer (require) to register the plugin and get the expected inject answer, got exit ${cjs.code}:\n${cjs.stdout}${cjs.stderr}`)
      t.match(cjs.stdout, /^ok /m, 'expected the CommonJS consumer to print its ok line')

      // One program per package (only its own files and what they import, so no other package's
      // augmentations leak in): the consumers must type-check, and wrong.ts must fail exactly at
      // its marked line.
      const wrongSource = await readFile(join(project, 'wrong.ts'), 'utf8')
      const wrongLine = wrongSource.split('\n').findIndex(line => line.includes('// wrong:')) + 1
      t.ok(wrongLine > 0, 'expected wrong.ts to mark its wrong option with a "// wrong:" comment')
      const typed = await run(tsc, ['-p', 'tsconfig.json'], project, 180_000)
      const errors = typed.stdout.split('\n').filter(line => /error TS\d+/.test(line))
      const expected = errors.filter(line => line.startsWith(`wrong.ts(${wrongLine},`))
      t.same(errors.filter(line => !expected.includes(line)), [], `expected ${tsFilesOf(project).join(' + ')} to type-check (options and decorators), and no error in wrong.ts but the wrong option`)
      t.ok(expected.length > 0, `expected the deliberately wrong option (wrong.ts line ${wrongLine}) to fail to type-check; tsc said:\n${typed.stdout || '(nothing)'}\n${wrongSource}`)

      t.comment(`pack-check ${pkg.manifest.name}: ${entries.length} files, esm ok=${esm.code === 0}, cjs ok=${cjs.code === 0}, tsc errors besides the wrong option=${errors.length - expected.length}, wrong option rejected=${expected.length > 0}`)
    })
  })
}

t.test('all packages compose in one TypeScript program', async t => {
  if (install.code !== 0) return
  // Their module augmentations (e.g. FastifyContextConfig.groundwork, declared by more than one
  // package) must merge without conflicts when a user installs them together.
  const files = packed.filter(p => existsSync(join(consumer, p.dir))).flatMap(p => tsFilesOf(join(consumer, p.dir)).map(file => `${p.dir}/${file}`))
  await writeFile(join(consumer, 'tsconfig.all.json'), JSON.stringify({ ...consumerTsconfig, files }, null, 2))
  const typed = await run(tsc, ['-p', 'tsconfig.all.json'], consumer, 300_000)
  t.equal(typed.code, 0, `expected every consumer together to type-check, got:\n${typed.stdout}${typed.stderr}`)
})
