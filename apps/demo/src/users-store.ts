import type { Static } from 'typebox'
import type { NewUser as NewUserSchema, User as UserSchema } from './schemas.js'

/** A stored user, as the API's response schema describes it. */
export type User = Static<typeof UserSchema>
/** What a POST gives: the request body schema. */
export type NewUser = Static<typeof NewUserSchema>

export interface UserPage {
  users: User[]
  /** Whether users with a higher id than the last one of this page exist. */
  more: boolean
}

/**
 * Deliberately in-memory demo storage: users vanish on restart and are not shared between
 * instances. Each app instance creates its own store, so two apps in one process never mix users.
 * It holds at most `capacity` users, so a flood of POSTs cannot grow the process without bound.
 */
export class UserStore {
  // A Map iterates in insertion order, and ids only grow, so iteration is in id order.
  readonly #users = new Map<number, User>()
  #lastId = 0

  constructor (readonly capacity: number, readonly audit?: { record: (user: User) => void }) {}

  /**
   * Up to `limit` users in id order, starting after the id `after` (0: from the first). Finding the
   * start walks the users before it: O(position), at most `capacity` steps.
   */
  page (after: number, limit: number): UserPage {
    const users: User[] = []
    for (const user of this.#users.values()) {
      if (user.id <= after) continue
      if (users.length === limit) return { users, more: true }
      users.push(user)
    }
    return { users, more: false }
  }

  get (id: number): User | undefined {
    return this.#users.get(id)
  }

  /** The new user, or undefined when the store already holds `capacity` users. */
  add (input: NewUser): User | undefined {
    if (this.full) return undefined
    this.#lastId += 1
    const user: User = { id: this.#lastId, name: input.name, email: input.email, createdAt: new Date().toISOString() }
    this.#users.set(user.id, user)
    this.audit?.record(user)
    return user
  }

  delete (id: number): boolean {
    return this.#users.delete(id)
  }

  get size (): number {
    return this.#users.size
  }

  get full (): boolean {
    return this.#users.size >= this.capacity
  }
}
