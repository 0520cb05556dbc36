import createError from '@fastify/error'

export const GW_GRACEFUL_CLOSE_INVALID_OPTION = createError<[string]>(
  'GW_GRACEFUL_CLOSE_INVALID_OPTION',
  'Invalid @groundwork/graceful-close options: %s',
  500,
  TypeError
)

export const GW_GRACEFUL_CLOSE_DELAY_EXCEEDS_TIMEOUT = createError<[number, number]>(
  'GW_GRACEFUL_CLOSE_DELAY_EXCEEDS_TIMEOUT',
  'drainDelay + the longer of closeIdleAfter and longLivedTimeout (%s ms) must be shorter than timeout (%s ms): otherwise every shutdown hits the deadline and exits 1',
  500,
  RangeError
)

export const GW_GRACEFUL_CLOSE_DEADLINE = createError<[number, number]>(
  'GW_GRACEFUL_CLOSE_DEADLINE',
  'Shutdown did not finish within the %s ms timeout; %s request(s) still open',
  500
)

export const GW_GRACEFUL_CLOSE_SECOND_SIGNAL = createError<[string]>(
  'GW_GRACEFUL_CLOSE_SECOND_SIGNAL',
  'Received %s while already shutting down: exiting at once',
  500
)

export const GW_GRACEFUL_CLOSE_LISTEN = createError<[string, string]>(
  'GW_GRACEFUL_CLOSE_LISTEN',
  'Cannot listen on %s: %s',
  500
)

export const GW_GRACEFUL_CLOSE_SHUTTING_DOWN = createError(
  'GW_GRACEFUL_CLOSE_SHUTTING_DOWN',
  'The server is shutting down; retry the request (another instance will take it)',
  503
)

export const GW_GRACEFUL_CLOSE_INVALID_CHECK = createError<[string]>(
  'GW_GRACEFUL_CLOSE_INVALID_CHECK',
  'Invalid readiness check: %s',
  500,
  TypeError
)
