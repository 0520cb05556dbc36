import t from 'tap'
import ts from 'typescript'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const fixture = fileURLToPath(new URL('./fixtures/typed-route-modules.ts', import.meta.url))
const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url))
const directive = '// @ts-expect-error'

function compile (source: string): readonly ts.Diagnostic[] {
  const { config } = ts.readConfigFile(tsconfig, ts.sys.readFile)
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, fileURLToPath(new URL('..', import.meta.url)))
  const host = ts.createCompilerHost(options)
  const readFile = host.readFile.bind(host)
  host.readFile = (name) => name === fixture ? source : readFile(name)
  const program = ts.createProgram([fixture], options, host)
  return ts.getPreEmitDiagnostics(program).filter((diagnostic) => diagnostic.file?.fileName === fixture)
}

const lineOf = (diagnostic: ts.Diagnostic) => diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start!).line

t.test('a wrong body, param or reply type in a handler fails to compile, and only there', async (t) => {
  const source = readFileSync(fixture, 'utf8')
  const expected = source.split('\n').flatMap((line, i) => line.trim().startsWith(directive) ? [i + 1] : [])
  t.ok(expected.length >= 4, 'the fixture has its expected errors')

  t.same(compile(source).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], 'every marked line is an error, nothing else is')

  const unmarked = compile(source.replaceAll(directive, '// (expected error)'))
  t.same([...new Set(unmarked.map(lineOf))].sort((a, b) => a - b), expected, 'without the markers, exactly the marked lines fail')
})
