import { Type } from 'typebox'

export const User = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  createdAt: Type.String()
})

export const NewUser = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  email: Type.String({ format: 'email', maxLength: 254 })
})

export const UserId = Type.Object({ id: Type.Integer({ minimum: 1 }) })

export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE_SIZE = 1000

/**
 * GET /api/users: `cursor` is opaque to clients (take it from the `Link: rel="next"` header); it is
 * the last id of the previous page, so it stays valid when users before or after it are deleted.
 */
export const UserListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }),
  cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,14}$' }))
})
