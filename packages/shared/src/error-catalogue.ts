/**
 * Finds what is wrong with a package's error catalogue: every error class it exports must be
 * exported under its own code, carry the package's prefix, and be listed in its README; every
 * code its README lists must be exported. Returns one sentence per problem (none: all is well).
 * Each package's catalogue test asserts that this returns [].
 */
export function errorCatalogueProblems (exported: Record<string, unknown>, readme: string, prefix: string): string[] {
  const problems: string[] = []
  const codes = new Set<string>()
  for (const [name, value] of Object.entries(exported)) {
    const code = codeOf(value)
    if (code === undefined) continue
    codes.add(code)
    if (!code.startsWith(prefix)) problems.push(`${name}: its code ${code} does not start with ${prefix}`)
    if (name !== code) problems.push(`${name}: exported under another name than its code ${code}`)
    if (!readme.includes(code)) problems.push(`${code}: not listed in the README`)
  }
  const listed = new Set(readme.match(new RegExp(`\\b${prefix}[A-Z0-9_]+`, 'g')) ?? [])
  for (const code of listed) {
    if (!codes.has(code)) problems.push(`${code}: listed in the README but not exported`)
  }
  if (codes.size === 0) problems.push(`no error class with a code was exported (expected codes starting with ${prefix})`)
  return problems
}

/** The code of an @fastify/error constructor (it sets `code` on every instance), else undefined. */
function codeOf (value: unknown): string | undefined {
  if (typeof value !== 'function') return undefined
  let instance: unknown
  try {
    instance = new (value as new () => unknown)()
  } catch {
    return undefined
  }
  const code = (instance as { code?: unknown }).code
  return instance instanceof Error && typeof code === 'string' ? code : undefined
}
