import createError from '@fastify/error'

export const GW_KEEPALIVE_INVALID_OPTION = createError<[string, string]>(
  'GW_KEEPALIVE_INVALID_OPTION',
  'Invalid keep-alive option %s: %s',
  500,
  TypeError
)
