import type { Static, TSchema } from 'typebox'
import { Compile } from 'typebox/compile'

/** What Fastify itself adds to a plugin's options object at register time. */
export const REGISTER_OPTION_KEYS: readonly string[] = ['prefix', 'logLevel', 'logSerializers']

export interface OptionProblem {
  /** JSON-pointer-like path of the value, e.g. `hotCache.maxBytes`; `(options)` for the object itself. */
  path: string
  message: string
}

export interface OptionsCheck<S extends TSchema> {
  /** Every problem of `options`, in schema order; empty when they are valid. */
  problems: (options: unknown) => OptionProblem[]
  /** Whether `options` are valid, narrowing their type. */
  valid: (options: unknown) => options is Static<S>
}

function pathOf (instancePath: string): string {
  return instancePath === '' ? '(options)' : instancePath.slice(1).split('/').join('.')
}

/**
 * Compiles a plugin's option schema once. The schema should say `additionalProperties: false` on
 * every object, so that a misspelled key is a problem rather than silently ignored; the keys
 * Fastify adds at register time are never one.
 */
export function compileOptions<S extends TSchema> (schema: S): OptionsCheck<S> {
  const validator = Compile(schema)
  const withoutRegisterKeys = (options: unknown): unknown => {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) return options
    const own = { ...options } as Record<string, unknown>
    for (const key of REGISTER_OPTION_KEYS) delete own[key]
    return own
  }
  return {
    valid: (options: unknown): options is Static<S> => validator.Check(withoutRegisterKeys(options)),
    problems: (options: unknown): OptionProblem[] => {
      const value = withoutRegisterKeys(options)
      const problems: OptionProblem[] = []
      for (const error of validator.Errors(value)) {
        // An unknown key is reported twice: once at the key ("schema is false") and once as the
        // object's additionalProperties; keep the first, which names the key.
        if (error.keyword === 'additionalProperties') continue
        const message = error.keyword === 'boolean' && error.schemaPath.endsWith('/additionalProperties')
          ? 'is not a known option (check its spelling)'
          : error.message
        problems.push({ path: pathOf(error.instancePath), message })
      }
      return problems
    }
  }
}

/** One line listing every problem, for the package's INVALID_OPTION error message. */
export function describeProblems (problems: OptionProblem[]): string {
  return problems.map(problem => `${problem.path} ${problem.message}`).join('; ')
}
