import { defineRoute } from '@groundwork/routing'
import { DEMO_USER_NOT_FOUND } from '../../errors.js'
import { User, UserId } from '../../schemas.js'

export default [
  defineRoute({
    method: 'GET',
    schema: { params: UserId, response: { 200: User } },
    handler: async (request) => {
      const user = request.server.users.get(request.params.id)
      if (user === undefined) throw new DEMO_USER_NOT_FOUND(request.params.id)
      return user
    }
  }),
  defineRoute({
    method: 'DELETE',
    schema: { params: UserId },
    handler: async (request, reply) => {
      if (!request.server.users.delete(request.params.id)) throw new DEMO_USER_NOT_FOUND(request.params.id)
      return reply.code(204).send()
    }
  })
]
