// The suite builds nothing: it checks that what it imports has been built, and says how to build it.
import { access } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

export const buildCommand = 'pnpm --filter "@groundwork/bench..." build'

/** @returns one line per module that cannot be loaded */
export async function missingBuilds (specifiers: string[]): Promise<string[]> {
  const missing: string[] = []
  for (const specifier of new Set(specifiers)) {
    let file: string
    try {
      file = fileURLToPath(import.meta.resolve(specifier))
    } catch (err) {
      missing.push(`${specifier}: cannot be resolved (${(err as Error).message.split('\n')[0]})`)
      continue
    }
    try {
      await access(file)
    } catch {
      missing.push(`${specifier}: ${file} does not exist`)
    }
  }
  return missing
}
