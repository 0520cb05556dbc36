import { chmod, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Test } from 'tap'

/**
 * Puts a shell script named `name` first on PATH for the test, so the suite runs it instead of the
 * real load generator. It records its arguments in `<dir>/args`, one per line, then runs `lines`.
 * @returns its directory, which holds `files` too
 */
export async function standInOnPath (t: Test, name: string, lines: string[], files: Record<string, string> = {}): Promise<string> {
  const dir = t.testdir(files)
  const program = path.join(dir, name)
  await writeFile(program, ['#!/bin/sh', `printf '%s\\n' "$@" > "${dir}/args"`, ...lines].join('\n'))
  await chmod(program, 0o755)
  const previous = process.env.PATH
  process.env.PATH = `${dir}${path.delimiter}${previous}`
  t.teardown(() => { process.env.PATH = previous })
  return dir
}
