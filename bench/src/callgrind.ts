// Reading callgrind's output: total instructions, and the part spent compiling. Pure, unit-tested.
//
// Instruction counts do not depend on what else the machine is doing, so they settle questions
// that a noisy throughput run cannot, such as "is this parser within 5% of that one".

/**
 * V8's compilers and parsers (TurboFan, Maglev, the bytecode generator, the JavaScript parser): work
 * that happens while code warms up, not on every request. JSON.parse (JsonParser) is not in it.
 */
const COMPILING = /compiler::|maglev::|turboshaft|Compile|Zone::|RegisterAllocator|InstructionSelector|SourcePosition|Scanner::|Parser|Bytecode|interpreter::/

/** One run's counts, and how many requests it answered. */
export interface Counts {
  requests: number
  total: number
  compiling: number
}

/** @param annotated the output of `callgrind_annotate --threshold=100 <file>` */
export function readAnnotation (annotated: string): { total: number, compiling: number } {
  let total: number | null = null
  let compiling = 0
  for (const line of annotated.split('\n')) {
    const match = /^\s*([\d,]+) \(/.exec(line)
    if (match === null) continue
    const count = Number((match[1] as string).replaceAll(',', ''))
    if (line.includes('PROGRAM TOTALS')) total = count
    else if (COMPILING.test(line) && !line.includes('Json')) compiling += count
  }
  if (total === null) throw new Error('callgrind_annotate printed no PROGRAM TOTALS line')
  return { total, compiling }
}

/**
 * Instructions per request between two runs of the same server that answered `fewer` and `more`
 * requests: start-up and the first requests cancel out. Steady: without compiling.
 */
export function perRequest (fewer: Counts, more: Counts): { perRequest: number, steadyPerRequest: number } {
  const requests = more.requests - fewer.requests
  if (!(requests > 0)) throw new RangeError('the second run must answer more requests than the first')
  return {
    perRequest: (more.total - fewer.total) / requests,
    steadyPerRequest: ((more.total - more.compiling) - (fewer.total - fewer.compiling)) / requests
  }
}
