import { Type } from 'typebox'
import { defineRoute } from '@groundwork/routing'
import { DEMO_USER_NOT_FOUND, DEMO_USERS_FULL } from '../errors.js'
import { NewUser, User, UserId, UserListQuery } from '../schemas.js'

const formContentType = 'application/x-www-form-urlencoded'

/**
 * A browser submitting a plain <form> (no JavaScript) sends a url-encoded body and asks for HTML.
 * It gets a 303 back to the page instead of JSON; fetch() and API clients keep getting JSON.
 */
function isBrowserFormPost (contentType: string | undefined, accept: string | undefined): boolean {
  return contentType?.toLowerCase().startsWith(formContentType) === true && accept?.includes('text/html') === true
}

export const userRoutes = [
  defineRoute({
    method: 'GET',
    url: '/users',
    // Still a plain array (the bench's baselines answer these very bytes); the way on is in Link (RFC 8288).
    schema: { querystring: UserListQuery, response: { 200: Type.Array(User) } },
    handler: async (request, reply) => {
      const { limit, cursor } = request.query
      const { users, more } = request.server.users.page(cursor === undefined ? 0 : Number(cursor), limit)
      if (more) {
        const next = `${request.routeOptions.url}?${new URLSearchParams({ limit: String(limit), cursor: String(users.at(-1)!.id) })}`
        reply.header('link', `<${next}>; rel="next"`)
      }
      return users
    }
  }),
  defineRoute({
    method: 'POST',
    url: '/users',
    schema: { body: NewUser, response: { 201: User } },
    // Validation errors reach the handler so a plain HTML form post can be sent back to the page.
    attachValidation: true,
    handler: async (request, reply) => {
      const fromBrowserForm = isBrowserFormPost(request.headers['content-type'], request.headers.accept)
      const invalid = request.validationError
      if (invalid !== undefined) {
        if (!fromBrowserForm) throw invalid
        const field = fieldOf(invalid.validation[0]!)
        return reply.redirect(`/?${new URLSearchParams({ error: invalid.message, field })}#add-user`, 303)
      }
      const user = request.server.users.add(request.body)
      if (user === undefined) {
        const full = new DEMO_USERS_FULL(request.server.users.capacity)
        if (!fromBrowserForm) throw full
        return reply.redirect(`/?${new URLSearchParams({ error: full.message })}#add-user`, 303)
      }
      if (fromBrowserForm) return reply.redirect(`/?added=${user.id}#users`, 303)
      return reply.code(201).header('location', `/api/users/${user.id}`).send(user)
    }
  }),
  defineRoute({
    method: 'GET',
    url: '/users/:id',
    schema: { params: UserId, response: { 200: User } },
    handler: async (request) => {
      const user = request.server.users.get(request.params.id)
      if (user === undefined) throw new DEMO_USER_NOT_FOUND(request.params.id)
      return user
    }
  }),
  defineRoute({
    method: 'DELETE',
    url: '/users/:id',
    schema: { params: UserId },
    handler: async (request, reply) => {
      if (!request.server.users.delete(request.params.id)) throw new DEMO_USER_NOT_FOUND(request.params.id)
      return reply.code(204).send()
    }
  })
]

/** The body field an Ajv error is about: its path, or the missing property it names. */
function fieldOf (error: { instancePath: string, params: Record<string, unknown> }): string {
  const missing = error.params['missingProperty']
  return typeof missing === 'string' ? missing : error.instancePath.slice(1)
}
