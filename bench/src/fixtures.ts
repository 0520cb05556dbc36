// What the scenarios send and serve: request bodies of exact sizes and file trees in a temporary
// directory that is removed at the end of the run.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

export const KiB = 1024
export const MiB = 1024 * KiB

/** A JSON document of exactly `bytes` bytes: an array of user-like records, padded. */
export function jsonOfSize (bytes: number): string {
  const document: { users: object[], note: string } = { users: [], note: '' }
  for (let i = 0; ; i++) {
    const user = { id: i + 1, name: `User ${i + 1}`, email: `user${i + 1}@example.com`, active: i % 2 === 0, tags: ['alpha', 'beta'] }
    document.users.push(user)
    if (JSON.stringify(document).length > bytes) {
      document.users.pop()
      break
    }
  }
  document.note = 'x'.repeat(bytes - JSON.stringify(document).length)
  return JSON.stringify(document)
}

/** A url-encoded form of exactly `bytes` bytes: many short fields with escapes, padded. */
export function formOfSize (bytes: number): string {
  const fields: string[] = []
  for (let i = 0; ; i++) {
    fields.push(`field${i}=${encodeURIComponent(`value ${i} & more`)}`)
    if (fields.join('&').length > bytes - 10) {
      fields.pop()
      break
    }
  }
  const head = fields.join('&') + '&pad='
  return head + 'y'.repeat(bytes - head.length)
}

export function gzip (text: string): Buffer {
  return gzipSync(Buffer.from(text))
}

/** The run's temporary directory. */
export interface Workspace {
  dir: string
  /** creates (if need be) and returns a directory inside it */
  subdir (name: string): Promise<string>
  remove (): Promise<void>
}

/**
 * A temporary directory for the run, readable by other users (nginx workers run as nobody when
 * nginx is started as root).
 */
export async function createWorkspace (): Promise<Workspace> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'groundwork-bench-'))
  await chmod(dir, 0o755)
  return {
    dir,
    async subdir (name) {
      const sub = path.join(dir, name)
      await mkdir(sub, { recursive: true, mode: 0o755 })
      await chmod(sub, 0o755)
      return sub
    },
    remove: () => rm(dir, { recursive: true, force: true })
  }
}

export async function writeFiles (dir: string, files: Record<string, Buffer | string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(dir, name), content, { mode: 0o644 })
  }
}

/** `count` distinct files of `size` bytes each, named f0.txt ... f<count-1>.txt. */
export async function writeManyFiles (dir: string, count: number, size: number): Promise<void> {
  const batch = 200
  for (let start = 0; start < count; start += batch) {
    const writes: Promise<void>[] = []
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const line = `file ${i} `
      writes.push(writeFile(path.join(dir, `f${i}.txt`), line.repeat(Math.ceil(size / line.length)).slice(0, size), { mode: 0o644 }))
    }
    await Promise.all(writes)
  }
}
