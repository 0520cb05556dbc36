import createError from '@fastify/error'

// Client errors skip the stack trace: they are expected, cheap answers to bad requests, never bugs.
const withoutStack = false

export const InvalidOptionError = createError(
  'GW_ROUTING_INVALID_OPTION',
  'Invalid @groundwork/routing option "%s": %s',
  500
)

export const InvalidRouteModuleError = createError(
  'GW_ROUTING_INVALID_ROUTE_MODULE',
  'Invalid route module %s: %s',
  500
)

export const RouteDirError = createError(
  'GW_ROUTING_ROUTE_DIR',
  'Cannot load route modules from %s: %s',
  500
)

export const NotFoundError = createError(
  'GW_ROUTING_NOT_FOUND',
  'Route %s %s not found',
  404,
  Error,
  withoutStack
)

export const MethodNotAllowedError = createError(
  'GW_ROUTING_METHOD_NOT_ALLOWED',
  'Method %s is not allowed for %s (allowed: %s)',
  405,
  Error,
  withoutStack
)

export const UriTooLongError = createError(
  'GW_ROUTING_URI_TOO_LONG',
  'Request path is %s characters long, the limit is %s',
  414,
  Error,
  withoutStack
)

export const ConnectNotAllowedError = createError(
  'GW_ROUTING_CONNECT_NOT_ALLOWED',
  'Method CONNECT is not allowed: this server is not a proxy',
  405,
  Error,
  withoutStack
)
