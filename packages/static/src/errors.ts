import createError from '@fastify/error'

export const GW_STATIC_INVALID_OPTION = createError<[string, string]>(
  'GW_STATIC_INVALID_OPTION',
  'Invalid @groundwork/static option %s: %s',
  500,
  TypeError
)
