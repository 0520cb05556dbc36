import { compileOptions, describeProblems, TIMER_MAX } from '@groundwork/shared'
import Type, { type Static, type TObject } from 'typebox'
import { GW_BODY_INVALID_OPTION } from './errors.js'
import type { LingerSettings } from './linger.js'

export const DEFAULT_BODY_LIMIT = 1048576
export const DEFAULT_JSON_MAX_DEPTH = 64
export const DEFAULT_FORM_PARAMETER_LIMIT = 1000
export const DEFAULT_FORM_MAX_DEPTH = 5
export const DEFAULT_MAX_EXPANSION_RATIO = 100
export const DEFAULT_LINGER_TIMEOUT_MS = 2000
export const DEFAULT_LINGER_MAX_BYTES = 64 * 1024 * 1024

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isKnownCharset (label: string): boolean {
  try {
    // eslint-disable-next-line no-new
    new TextDecoder(label)
    return true
  } catch {
    return false
  }
}

const positiveInteger = (description: string) => Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description })

// The helpers below use Refine over an unconstrained schema instead of Type.Number / Type.Union /
// Type.Enum: JSON Schema numbers exclude Infinity (which disables the ratio check), and a union's
// errors list every branch it failed ("must be boolean; must be equal to constant; must be object"),
// where one line says what is expected.

function positiveRatio (description: string) {
  return Type.Refine(
    Type.Unsafe<number>({ description }),
    value => typeof value === 'number' && value > 0,
    () => 'must be a positive number (Infinity disables the check)'
  )
}

function oneOf<const Values extends readonly string[]> (values: Values, description: string) {
  return Type.Refine(
    Type.Unsafe<Values[number]>({ description }),
    value => values.includes(value),
    () => `must be one of ${values.map(value => `'${value}'`).join(', ')}`
  )
}

/**
 * A section that is an object of options or `false` (off). Its keys are checked like the top level's
 * (`properties` and `additionalProperties` apply to objects only); anything else is one problem.
 */
function sectionOrFalse<Section extends TObject> (section: Section, description: string) {
  return Type.Refine(
    Type.Unsafe<Static<Section> | false>({ description, properties: section.properties, additionalProperties: false }),
    value => value === false || isPlainObject(value),
    () => 'must be an object or false'
  )
}

const PoisoningActionSchema = oneOf(['error', 'remove'], '400 (error) or silently dropped (remove)')

export const JsonOptionsSchema = Type.Object({
  onProtoPoisoning: Type.Optional(PoisoningActionSchema),
  maxDepth: Type.Optional(positiveInteger('deepest nesting of arrays/objects accepted; deeper gives 400')),
  emptyBody: Type.Optional(oneOf(['error', 'undefined'], 'an empty JSON body: 400 (error) or request.body === undefined (undefined)'))
}, { additionalProperties: false })

export const FormOptionsSchema = Type.Object({
  nested: Type.Optional(Type.Boolean({ description: 'parse a[b]=c into objects and a[]=x into arrays' })),
  parameterLimit: Type.Optional(positiveInteger('most name=value pairs; more gives 413')),
  maxDepth: Type.Optional(positiveInteger('most bracket segments in a nested key; more gives 400')),
  onProtoPoisoning: Type.Optional(PoisoningActionSchema)
}, { additionalProperties: false })

export const TextOptionsSchema = Type.Object({
  strict: Type.Optional(Type.Boolean({ description: 'invalid bytes for the charset give 400 (else U+FFFD)' })),
  defaultCharset: Type.Optional(Type.Refine(
    Type.String({ description: 'charset used when text/* has none' }),
    isKnownCharset,
    () => 'must be a charset label TextDecoder knows'
  ))
}, { additionalProperties: false })

export const LingerOptionsSchema = Type.Object({
  // A timer longer than TIMER_MAX fires at once.
  timeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: TIMER_MAX, description: 'longest lingering after the answer, in ms' })),
  maxBytes: Type.Optional(positiveInteger('most bytes discarded while lingering'))
}, { additionalProperties: false })

/** The plugin's options. Fastify's own register options (`prefix`, `logLevel`, ...) are allowed too. */
export const BodyOptionsSchema = Type.Object({
  bodyLimit: Type.Optional(positiveInteger("largest body in bytes on the wire; default: the server's bodyLimit")),
  inflatedLimit: Type.Optional(positiveInteger('largest body in bytes after decompression; default: the effective body limit')),
  maxExpansionRatio: Type.Optional(positiveRatio('largest decompressed/compressed ratio once past 64 KiB')),
  decompress: Type.Optional(Type.Boolean({ description: 'inflate gzip, deflate, br (and zstd); false accepts identity only' })),
  json: Type.Optional(sectionOrFalse(JsonOptionsSchema, 'application/json and application/*+json; false to not accept JSON')),
  form: Type.Optional(sectionOrFalse(FormOptionsSchema, 'application/x-www-form-urlencoded; false to not accept forms')),
  text: Type.Optional(sectionOrFalse(TextOptionsSchema, 'text/*; false to not accept text')),
  binary: Type.Optional(Type.Boolean({ description: 'application/octet-stream as a Buffer' })),
  catchAll: Type.Optional(Type.Boolean({ description: 'every other media type (or none) as a Buffer instead of 415' })),
  linger: Type.Optional(sectionOrFalse(LingerOptionsSchema, 'after rejecting a body still arriving, read and discard the rest; false closes at once'))
}, { additionalProperties: false })

/** What to do with `__proto__` / `constructor.prototype` keys: reject with 400, or drop them. */
export type PoisoningAction = Static<typeof PoisoningActionSchema>
export type JsonOptions = Static<typeof JsonOptionsSchema>
export type FormOptions = Static<typeof FormOptionsSchema>
export type TextOptions = Static<typeof TextOptionsSchema>
export type BodyOptions = Static<typeof BodyOptionsSchema>

export type ResolvedJson = Required<JsonOptions>
export type ResolvedForm = Required<FormOptions>
export type ResolvedText = Required<TextOptions>

export interface ResolvedOptions {
  bodyLimit: number
  inflatedLimit: number | undefined
  maxExpansionRatio: number
  decompress: boolean
  json: ResolvedJson | false
  form: ResolvedForm | false
  text: ResolvedText | false
  binary: boolean
  catchAll: boolean
  linger: LingerSettings | false
}

const bodyOptions = compileOptions(BodyOptionsSchema)

/**
 * Checks the options against the schema (every problem in one GW_BODY_INVALID_OPTION) and fills in
 * the defaults. The options have no rule across fields to check beyond the schema.
 */
export function resolveOptions (opts: BodyOptions | null | undefined, serverBodyLimit: number = DEFAULT_BODY_LIMIT): ResolvedOptions {
  const options = opts ?? {}
  const problems = bodyOptions.problems(options)
  if (problems.length > 0) throw new GW_BODY_INVALID_OPTION(describeProblems(problems))
  return withDefaults(options, serverBodyLimit)
}

function withDefaults (o: BodyOptions, serverBodyLimit: number): ResolvedOptions {
  const json = o.json === false ? false : o.json ?? {}
  const form = o.form === false ? false : o.form ?? {}
  const text = o.text === false ? false : o.text ?? {}
  const linger = o.linger === false ? false : o.linger ?? {}
  return {
    bodyLimit: o.bodyLimit ?? serverBodyLimit,
    inflatedLimit: o.inflatedLimit,
    maxExpansionRatio: o.maxExpansionRatio ?? DEFAULT_MAX_EXPANSION_RATIO,
    decompress: o.decompress ?? true,
    json: json && {
      onProtoPoisoning: json.onProtoPoisoning ?? 'error',
      maxDepth: json.maxDepth ?? DEFAULT_JSON_MAX_DEPTH,
      emptyBody: json.emptyBody ?? 'error'
    },
    form: form && {
      nested: form.nested ?? false,
      parameterLimit: form.parameterLimit ?? DEFAULT_FORM_PARAMETER_LIMIT,
      maxDepth: form.maxDepth ?? DEFAULT_FORM_MAX_DEPTH,
      onProtoPoisoning: form.onProtoPoisoning ?? 'error'
    },
    text: text && {
      strict: text.strict ?? true,
      defaultCharset: text.defaultCharset ?? 'utf-8'
    },
    binary: o.binary ?? true,
    catchAll: o.catchAll ?? false,
    linger: linger && {
      timeoutMs: linger.timeoutMs ?? DEFAULT_LINGER_TIMEOUT_MS,
      maxBytes: linger.maxBytes ?? DEFAULT_LINGER_MAX_BYTES
    }
  }
}
