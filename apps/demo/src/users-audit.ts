import { closeSync, openSync, writeSync } from 'node:fs'
import type { User } from './users-store.js'

/**
 * An append-only record of every user the store created, one JSON line each, written before the
 * 201 leaves. It survives the process (a crash or SIGKILL included: every line is in the kernel
 * once writeSync returns), so counting lines per e-mail address across restarts tells exactly how
 * often each request was applied. The e2e suite proves "0 applied twice" with it.
 */
export class UsersAudit {
  readonly #fd: number

  constructor (path: string) {
    this.#fd = openSync(path, 'a')
  }

  record (user: User): void {
    writeSync(this.#fd, JSON.stringify(user) + '\n')
  }

  close (): void {
    closeSync(this.#fd)
  }
}
