import createError from '@fastify/error'

// Client errors skip the stack trace: they are expected, cheap answers to bad requests, never bugs.
const withoutStack = false

/** Register time: every problem of the options of `routing` or `routeModules`, each with its path, in one line. */
export const GW_ROUTING_INVALID_OPTION = createError<[string]>(
  'GW_ROUTING_INVALID_OPTION',
  'Invalid @groundwork/routing options: %s',
  500
)

export const GW_ROUTING_INVALID_ROUTE_MODULE = createError(
  'GW_ROUTING_INVALID_ROUTE_MODULE',
  'Invalid route module %s: %s',
  500
)

export const GW_ROUTING_ROUTE_DIR = createError(
  'GW_ROUTING_ROUTE_DIR',
  'Cannot load route modules from %s: %s',
  500
)

export const GW_ROUTING_NOT_FOUND = createError(
  'GW_ROUTING_NOT_FOUND',
  'Route %s %s not found',
  404,
  Error,
  withoutStack
)

export const GW_ROUTING_METHOD_NOT_ALLOWED = createError(
  'GW_ROUTING_METHOD_NOT_ALLOWED',
  'Method %s is not allowed for %s (allowed: %s)',
  405,
  Error,
  withoutStack
)

export const GW_ROUTING_URI_TOO_LONG = createError(
  'GW_ROUTING_URI_TOO_LONG',
  'Request path is %s characters long, the limit is %s',
  414,
  Error,
  withoutStack
)

export const GW_ROUTING_CONNECT_NOT_ALLOWED = createError(
  'GW_ROUTING_CONNECT_NOT_ALLOWED',
  'Method CONNECT is not allowed: this server is not a proxy',
  405,
  Error,
  withoutStack
)
