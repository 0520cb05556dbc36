import { close, fstat, read, type BigIntStats } from 'node:fs'
import { Readable } from 'node:stream'
import type { ChunkPool } from './chunk-pool.js'
import { GW_STATIC_FILE_CHANGED } from './errors.js'
import type { DiskCounters } from './metrics.js'

/**
 * Bytes per read. Measured (wrk, pinned cores, 10 MiB file): 256 KiB reads into one reused buffer more than double
 * the throughput of 64 KiB reads into fresh buffers. 1 MiB reads for bodies over 2 MiB were no faster (10 MiB file,
 * alternating rounds in one run: 0.99× the 256 KiB reads, an A/A copy 0.98×) and cost 4× the memory per download.
 */
export const CHUNK_SIZE = 256 * 1024
/** Idle read buffers a registration keeps (16 × 256 KiB = 4 MiB at most). */
export const POOLED_CHUNKS = 16

/** The part of a writable this needs: write and end with a callback, as http.ServerResponse and any Writable have. */
interface Destination {
  write: (chunk: Buffer, callback: (err?: Error | null) => void) => boolean
  end: (chunk: Buffer, callback: () => void) => unknown
}

/**
 * The bytes [start, end] of a file opened by the caller (who hands its descriptor over), for reply.send().
 *
 * Why not fs.createReadStream: it allocates a fresh buffer for every read, and in a process with Fastify's heap the
 * garbage collection those buffers trigger costs more than the copy itself. Here pipe() writes into the response
 * directly, with one buffer per download reused after each write's callback (the bytes have left for the socket), so
 * a download costs CHUNK_SIZE of memory whatever the file's size; the buffer comes from the registration's ChunkPool
 * and goes back to it once the last write is done (never while a write may still read from it).
 *
 * No mixed bytes: before the last chunk goes out, the descriptor is stat'ed again; if the bytes changed since the stat
 * its headers were made from (size or mtime), the body is destroyed with GW_STATIC_FILE_CHANGED instead (Fastify
 * answers 503 if nothing was sent, else closes the connection short of Content-Length). A file replaced by rename
 * keeps its old inode open here, so it is served whole, old bytes: ctime is not compared, since the unlink of the
 * old name changes it without touching a byte. (A writer that rewrites a file in place and then sets its mtime back
 * is not detected.)
 *
 * The Readable side only carries the end of the body and its errors (what Fastify's stream handling listens to);
 * no data flows through its buffer.
 */
export class FileBody extends Readable {
  readonly #fd: number
  #position: number
  readonly #end: number
  readonly #expected: BigIntStats
  readonly #pool: ChunkPool
  readonly #counters: DiskCounters
  #buffer: Buffer | undefined
  #reading = false
  #open = true
  #destination: Destination | undefined

  /**
   * @param fd an open descriptor, now owned by this body: it is closed when the body ends, fails or is destroyed
   * @param expected the descriptor's stat when the response headers were made
   * @param counters where a refusal for a changed file is counted
   */
  constructor (fd: number, start: number, end: number, expected: BigIntStats, pool: ChunkPool, counters: DiskCounters) {
    super()
    this.#pool = pool
    this.#counters = counters
    this.#fd = fd
    this.#position = start
    this.#end = end
    this.#expected = expected
  }

  override pipe<T extends NodeJS.WritableStream> (destination: T, options?: { end?: boolean }): T {
    // Destroyed before Fastify piped it (the response closed first): the descriptor is already closed.
    if (this.destroyed) return destination
    this.#destination = destination as unknown as Destination
    this.#buffer = this.#pool.take()
    this.#next(options?.end !== false)
    return destination
  }

  /* c8 ignore next -- never called: no data flows through the Readable's buffer; defined so a read() waits, not throws */
  override _read (): void {}

  override _destroy (err: Error | null, callback: (err: Error | null) => void): void {
    if (!this.#reading) this.#release()
    callback(err)
  }

  #release (): void {
    if (!this.#open) return
    this.#open = false
    close(this.#fd, () => {})
  }

  #next (endDestination: boolean): void {
    const buffer = this.#buffer as Buffer
    const length = Math.min(buffer.length, this.#end - this.#position + 1)
    this.#reading = true
    read(this.#fd, buffer, 0, length, this.#position, (err, bytesRead) => {
      this.#reading = false
      if (this.destroyed) return this.#release()
      if (err !== null) return this.#fail(err)
      // Fewer bytes than the stat promised: the file was truncated under us.
      if (bytesRead === 0) return this.#changed()
      this.#position += bytesRead
      const chunk = buffer.subarray(0, bytesRead)
      if (this.#position > this.#end) return this.#finish(chunk, endDestination)
      this.#destination?.write(chunk, (writeError) => {
        if (writeError == null) this.#next(endDestination)
        else this.destroy()
      })
    })
  }

  #finish (chunk: Buffer, endDestination: boolean): void {
    this.#reading = true
    fstat(this.#fd, { bigint: true }, (err, stats) => {
      this.#reading = false
      this.#release()
      if (this.destroyed) return
      if (err !== null) return this.#fail(err)
      if (stats.size !== this.#expected.size || stats.mtimeNs !== this.#expected.mtimeNs) return this.#changed()
      const destination = this.#destination as Destination
      const reuse = (): void => { this.#pool.give(this.#buffer as Buffer) }
      if (endDestination) destination.end(chunk, reuse)
      else destination.write(chunk, reuse)
      this.push(null)
      this.resume()
    })
  }

  #changed (): void {
    this.#counters.changedDuringDownload++
    this.#fail(new GW_STATIC_FILE_CHANGED())
  }

  #fail (err: Error): void {
    this.#release()
    this.destroy(err)
  }
}
