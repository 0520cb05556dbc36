import { Type } from 'typebox'
import { defineRoute } from '@groundwork/routing'
import { NewUser, User } from '../../schemas.js'

const formContentType = 'application/x-www-form-urlencoded'

/**
 * A browser submitting a plain <form> (no JavaScript) sends a url-encoded body and asks for HTML.
 * It gets a 303 back to the page instead of JSON; fetch() and API clients keep getting JSON.
 */
function isBrowserFormPost (contentType: string | undefined, accept: string | undefined): boolean {
  return contentType?.toLowerCase().startsWith(formContentType) === true && accept?.includes('text/html') === true
}

export default [
  defineRoute({
    method: 'GET',
    schema: { response: { 200: Type.Array(User) } },
    handler: async (request) => request.server.users.list()
  }),
  defineRoute({
    method: 'POST',
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
      if (fromBrowserForm) return reply.redirect(`/?added=${user.id}#users`, 303)
      return reply.code(201).header('location', `/api/users/${user.id}`).send(user)
    }
  })
]

/** The body field an Ajv error is about: its path, or the missing property it names. */
function fieldOf (error: { instancePath: string, params: Record<string, unknown> }): string {
  const missing = error.params['missingProperty']
  return typeof missing === 'string' ? missing : error.instancePath.slice(1)
}
