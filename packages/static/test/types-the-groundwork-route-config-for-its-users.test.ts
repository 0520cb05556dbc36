import t from 'tap'
import ts from 'typescript'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const fixture = fileURLToPath(new URL('./fixtures/route-config-of-this-package-alone.ts', import.meta.url))
const root = fileURLToPath(new URL('..', import.meta.url))
const directive = '// @ts-expect-error'
const packageImport = "import staticFiles from '../../src/index.js'"

// Type-checking Fastify's types takes seconds, more on a busy machine.
t.setTimeout(180_000)

/** Compiles the fixture as the only root file (so nothing else brings the declaration in); returns its errors. */
function errorsOf (source: string): Array<{ line: number, text: string }> {
  const { config } = ts.readConfigFile(`${root}/tsconfig.json`, ts.sys.readFile)
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root)
  const host = ts.createCompilerHost(options)
  const readFile = host.readFile.bind(host)
  host.readFile = (name) => name === fixture ? source : readFile(name)
  const program = ts.createProgram([fixture], options, host)
  return ts.getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file?.fileName === fixture)
    .map((diagnostic) => ({
      line: diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start!).line,
      text: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    }))
}

const source = readFileSync(fixture, 'utf8')
const marked = source.split('\n').flatMap((line, i) => line.trim().startsWith(directive) ? [i + 1] : [])

t.test('importing static alone types config.groundwork: fallback, serves and autoOptions', async (t) => {
  t.equal(marked.length, 2, 'the fixture has its expected errors')
  const errors = errorsOf(source.replaceAll(directive, '// (expected error)'))
  t.same([...new Set(errors.map((error) => error.line))], marked)
})

// Without the declaration Fastify infers the route config from the literal, so what fails is what the contract adds.
t.test('the declaration comes with the import: without it, config.groundwork is untyped', async (t) => {
  t.ok(source.includes(packageImport))
  const errors = errorsOf(source.replace(packageImport, 'const staticFiles = async (): Promise<void> => {}'))
  t.ok(errors.some((error) => /'request' implicitly has an 'any' type/.test(error.text)), 'serves gets no parameter type')
  t.ok(errors.some((error) => /Property 'autoOptions' does not exist/.test(error.text)), 'autoOptions is unknown')
})
