import createError from '@fastify/error'

export const DEMO_USER_NOT_FOUND = createError<[number]>('DEMO_USER_NOT_FOUND', 'User %s not found', 404)
