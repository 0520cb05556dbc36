import createError from '@fastify/error'

// Client errors skip stack capture: they are expected traffic, never logged with a
// stack, and capturing one costs more than the rest of the error path.
const noStack = false

/** Every problem of the options at once, each with its path: `bodylimit is not a known option ...; json.maxDepth must be >= 1`. */
export const GW_BODY_INVALID_OPTION = createError<[string]>(
  'GW_BODY_INVALID_OPTION',
  'Invalid @groundwork/body options: %s',
  500,
  TypeError
)

export const GW_BODY_INVALID_ROUTE_CONFIG = createError<[string, string, string]>(
  'GW_BODY_INVALID_ROUTE_CONFIG',
  'Invalid config.body.%s on route %s: %s',
  500,
  TypeError
)

export const GW_BODY_UNSUPPORTED_MEDIA_TYPE = createError<[string, string]>(
  'GW_BODY_UNSUPPORTED_MEDIA_TYPE',
  'Unsupported media type %s; accepted: %s',
  415, Error, noStack
)

export const GW_BODY_UNSUPPORTED_CHARSET = createError<[string, string]>(
  'GW_BODY_UNSUPPORTED_CHARSET',
  'Unsupported charset "%s" for %s',
  415, Error, noStack
)

export const GW_BODY_UNSUPPORTED_ENCODING = createError<[string, string]>(
  'GW_BODY_UNSUPPORTED_ENCODING',
  'Unsupported Content-Encoding "%s"; accepted: %s',
  415, Error, noStack
)

export const GW_BODY_TOO_LARGE = createError<[number]>(
  'GW_BODY_TOO_LARGE',
  'Request body is larger than the limit of %s bytes',
  413, Error, noStack
)

export const GW_BODY_INFLATED_TOO_LARGE = createError<[number]>(
  'GW_BODY_INFLATED_TOO_LARGE',
  'Decompressed request body is larger than the limit of %s bytes',
  413, Error, noStack
)

export const GW_BODY_EXPANSION_RATIO = createError<[number]>(
  'GW_BODY_EXPANSION_RATIO',
  'Compressed request body expands more than %s times',
  413, Error, noStack
)

export const GW_BODY_TOO_MANY_PARAMETERS = createError<[number]>(
  'GW_BODY_TOO_MANY_PARAMETERS',
  'Form body has more than %s parameters',
  413, Error, noStack
)

export const GW_BODY_TOO_DEEP = createError<[string, number]>(
  'GW_BODY_TOO_DEEP',
  '%s body nesting is deeper than the limit of %s',
  400, Error, noStack
)

export const GW_BODY_INVALID_JSON = createError<[string]>(
  'GW_BODY_INVALID_JSON',
  'Body is not valid JSON: %s',
  400, Error, noStack
)

export const GW_BODY_EMPTY_JSON = createError(
  'GW_BODY_EMPTY_JSON',
  'Body cannot be empty when Content-Type is JSON',
  400, Error, noStack
)

export const GW_BODY_PROTOTYPE_POISONING = createError<[string]>(
  'GW_BODY_PROTOTYPE_POISONING',
  'Body contains a forbidden key: %s',
  400, Error, noStack
)

export const GW_BODY_INVALID_FORM = createError<[string]>(
  'GW_BODY_INVALID_FORM',
  'Body is not a valid url-encoded form: %s',
  400, Error, noStack
)

export const GW_BODY_INVALID_BYTES = createError<[string]>(
  'GW_BODY_INVALID_BYTES',
  'Body contains bytes that are not valid %s',
  400, Error, noStack
)

export const GW_BODY_INVALID_COMPRESSION = createError<[string]>(
  'GW_BODY_INVALID_COMPRESSION',
  'Body could not be decompressed as %s',
  400, Error, noStack
)

export const GW_BODY_LENGTH_MISMATCH = createError(
  'GW_BODY_LENGTH_MISMATCH',
  'Request body length does not match Content-Length',
  400, Error, noStack
)

export const GW_BODY_ABORTED = createError(
  'GW_BODY_ABORTED',
  'Request body was not received completely',
  400, Error, noStack
)

export const GW_BODY_VERIFY_FAILED = createError(
  'GW_BODY_VERIFY_FAILED',
  'Request body verification failed',
  403, Error, noStack
)
