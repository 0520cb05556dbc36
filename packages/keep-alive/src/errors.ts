import createError from '@fastify/error'

// Every option error is a programmer error found at register time, hence status 500.

export const GW_KEEP_ALIVE_INVALID_OPTION = createError<[string, string]>(
  'GW_KEEP_ALIVE_INVALID_OPTION',
  'Invalid %s: %s',
  500,
  TypeError
)

export const GW_KEEP_ALIVE_VALUE_TOO_LARGE = createError<[string, number, number]>(
  'GW_KEEP_ALIVE_VALUE_TOO_LARGE',
  'Keep-alive option "%s" is %d ms, above the largest timer Node can arm (%d ms): a larger value silently fires after 1 ms; lower it (or use 0 to disable that limit)',
  500,
  RangeError
)

export const GW_KEEP_ALIVE_HEADERS_AFTER_REQUEST_TIMEOUT = createError<[number, number]>(
  'GW_KEEP_ALIVE_HEADERS_AFTER_REQUEST_TIMEOUT',
  'headersTimeout (%d ms) is greater than requestTimeout (%d ms): the headers are part of the request, so lower headersTimeout or raise requestTimeout (Node itself refuses this combination in http.createServer)',
  500,
  RangeError
)

export const GW_KEEP_ALIVE_NOT_ABOVE_UPSTREAM = createError<[number, number, number]>(
  'GW_KEEP_ALIVE_NOT_ABOVE_UPSTREAM',
  'keepAliveTimeout (%d ms) must be greater than upstreamIdleTimeout (%d ms): otherwise the server closes idle connections the proxy still reuses, and the proxy answers 502; raise keepAliveTimeout (e.g. to %d ms) or omit it to have it derived',
  500,
  RangeError
)

export const GW_KEEP_ALIVE_SESSION_NOT_ABOVE_UPSTREAM = createError<[number, number, number]>(
  'GW_KEEP_ALIVE_SESSION_NOT_ABOVE_UPSTREAM',
  'sessionTimeout (%d ms) must be greater than upstreamIdleTimeout (%d ms): otherwise the server closes idle HTTP/2 sessions the proxy still reuses; raise sessionTimeout (e.g. to %d ms) or omit it to have it derived',
  500,
  RangeError
)

export const GW_KEEP_ALIVE_NOT_APPLIED = createError<[string, string, string]>(
  'GW_KEEP_ALIVE_NOT_APPLIED',
  'The server did not keep keep-alive option "%s": set %s, read back %s; the server returned by serverFactory does not accept this property',
  500
)
