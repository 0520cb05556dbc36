import createError from '@fastify/error'

/** Options are invalid: every problem, each with its path, in one line. Thrown at register time, before the instance is touched. */
export const GW_STATIC_INVALID_OPTION = createError<[string]>(
  'GW_STATIC_INVALID_OPTION',
  'Invalid @groundwork/static options: %s',
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

/**
 * The file changed on disk (size, mtime, ctime or inode) while its bytes were being read for a response. Sent as a 503
 * when no byte had left yet; after that the connection is closed before the last byte, so no client ever takes a mix
 * of old and new bytes for a complete file.
 */
export const GW_STATIC_FILE_CHANGED = createError(
  'GW_STATIC_FILE_CHANGED',
  'The file changed while it was being read; retry the request',
  503
)

/** An error that Fastify's error handler sends with these headers. */
export function withHeaders<E extends Error> (error: E, headers: Record<string, string>): E & { headers: Record<string, string> } {
  return Object.assign(error, { headers })
}

/** The 416 with the Content-Range RFC 9110 asks for: the size the range was judged against. */
export function rangeNotSatisfiable (size: number): Error {
  return withHeaders(new GW_STATIC_RANGE_NOT_SATISFIABLE(), { 'content-range': `bytes */${size}` })
}
