import t from 'tap'
import ts from 'typescript'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const fixture = fileURLToPath(new URL('./fixtures/typed-route-modules.ts', import.meta.url))
const root = fileURLToPath(new URL('..', import.meta.url))
const directive = '// @ts-expect-error'

// Type-checking Fastify's and TypeBox's types takes seconds, more on a busy machine.
t.setTimeout(180_000)

/** Compiles the fixture with its `@ts-expect-error` markers neutralised; returns the lines that fail. */
function failingLines (source: string): number[] {
  const { config } = ts.readConfigFile(`${root}/tsconfig.json`, ts.sys.readFile)
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root)
  const host = ts.createCompilerHost(options)
  const readFile = host.readFile.bind(host)
  host.readFile = (name) => name === fixture ? source.replaceAll(directive, '// (expected error)') : readFile(name)
  const program = ts.createProgram([fixture], options, host)
  const lines = ts.getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file?.fileName === fixture)
    .map((diagnostic) => diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start!).line)
  return [...new Set(lines)].sort((a, b) => a - b)
}

// `pnpm typecheck` compiles the fixture with its markers, proving every marked line is an error; this test proves
// the converse inside `pnpm test`: without the markers, exactly the marked lines fail (0-based line after a marker).
t.test('a wrong body, param or reply type in a handler fails to compile, and only there', async (t) => {
  const source = readFileSync(fixture, 'utf8')
  const expected = source.split('\n').flatMap((line, i) => line.trim().startsWith(directive) ? [i + 1] : [])
  t.ok(expected.length >= 4, 'the fixture has its expected errors')
  t.same(failingLines(source), expected)
})
