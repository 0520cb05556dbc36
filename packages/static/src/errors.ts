import createError from '@fastify/error'

/** A plugin option is invalid. Thrown at register time, before the instance is touched. */
export const GW_STATIC_INVALID_OPTION = createError<[string, string]>(
  'GW_STATIC_INVALID_OPTION',
  'Invalid @groundwork/static option %s: %s',
  500,
  TypeError
)

/** The request path is malformed: bad percent-encoding, overlong UTF-8, NUL bytes, backslashes or control characters. */
export const GW_STATIC_BAD_PATH = createError(
  'GW_STATIC_BAD_PATH',
  'The request path is malformed',
  400
)

/** The request path contains a "." or ".." segment or an empty segment (after decoding). */
export const GW_STATIC_FORBIDDEN_PATH = createError(
  'GW_STATIC_FORBIDDEN_PATH',
  'The request path is not allowed',
  403
)

/** A method other than GET or HEAD was used on a path that names a static file. */
export const GW_STATIC_METHOD_NOT_ALLOWED = createError<[string]>(
  'GW_STATIC_METHOD_NOT_ALLOWED',
  'Method %s is not allowed on a static file; use GET or HEAD',
  405
)

/** If-Match or If-Unmodified-Since did not hold. */
export const GW_STATIC_PRECONDITION_FAILED = createError(
  'GW_STATIC_PRECONDITION_FAILED',
  'A precondition (If-Match or If-Unmodified-Since) failed',
  412
)

/** The Range header asks for bytes outside the file. */
export const GW_STATIC_RANGE_NOT_SATISFIABLE = createError(
  'GW_STATIC_RANGE_NOT_SATISFIABLE',
  'The requested range is not satisfiable',
  416
)
