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
