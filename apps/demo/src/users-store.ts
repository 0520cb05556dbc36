export interface User {
  id: number
  name: string
  email: string
  createdAt: string
}

export interface NewUser {
  name: string
  email: string
}

/**
 * Deliberately in-memory demo storage: users vanish on restart and are not shared between
 * instances. Each app instance creates its own store, so two apps in one process never mix users.
 */
export class UserStore {
  readonly #users = new Map<number, User>()
  #lastId = 0

  list (): User[] {
    return [...this.#users.values()]
  }

  get (id: number): User | undefined {
    return this.#users.get(id)
  }

  add (input: NewUser): User {
    this.#lastId += 1
    const user: User = { id: this.#lastId, name: input.name, email: input.email, createdAt: new Date().toISOString() }
    this.#users.set(user.id, user)
    return user
  }

  delete (id: number): boolean {
    return this.#users.delete(id)
  }

  get size (): number {
    return this.#users.size
  }
}
