import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream'
import type { IncomingHttpHeaders } from 'node:http'
import { inflaterFor, ACCEPTED_ENCODINGS } from './decompress.js'
import {
  GW_BODY_ABORTED,
  GW_BODY_EXPANSION_RATIO,
  GW_BODY_INFLATED_TOO_LARGE,
  GW_BODY_INVALID_COMPRESSION,
  GW_BODY_LENGTH_MISMATCH,
  GW_BODY_TOO_LARGE,
  GW_BODY_UNSUPPORTED_ENCODING
} from './errors.js'
import type { BodyCounters } from './metrics.js'
import type { RouteSettings } from './route-config.js'

/** Below this many inflated bytes the expansion ratio is not checked: tiny bodies compress wildly. */
export const RATIO_FLOOR = 65536

export type BodyCallback = (error: Error | null, body?: Buffer) => void

/**
 * Checks what can be checked before reading: a declared length over the limit (413) and
 * the Content-Encoding (415). Returns the inflater factory, `null` for no decompression,
 * or an error.
 */
export function preflight (headers: IncomingHttpHeaders, settings: RouteSettings, decompress: boolean): (() => Transform) | null | Error {
  const declared = headers['content-length']
  if (declared !== undefined && Number(declared) > settings.limit) return new GW_BODY_TOO_LARGE(settings.limit)
  const encoding = headers['content-encoding']
  if (encoding === undefined) return null
  const inflater = inflaterFor(encoding)
  if (inflater === undefined || (inflater !== null && !decompress)) {
    return new GW_BODY_UNSUPPORTED_ENCODING(encoding.slice(0, 40), decompress ? ACCEPTED_ENCODINGS.join(', ') : 'identity')
  }
  return inflater
}

/**
 * Buffers an uncompressed body. This is the hot path: three listeners, no streams in between,
 * the limit checked per chunk so a chunked body is cut off as soon as it passes it.
 */
export function readPlain (payload: Readable, headers: IncomingHttpHeaders, limit: number, keepsBytes: boolean, done: BodyCallback): void {
  const chunks: Buffer[] = []
  let received = 0
  payload.on('data', onData)
  payload.on('end', onEnd)
  payload.on('error', onError)

  function stop (): void {
    payload.removeListener('data', onData)
    payload.removeListener('end', onEnd)
    payload.removeListener('error', onError)
  }

  function onData (chunk: Buffer): void {
    received += chunk.length
    if (received > limit) {
      stop()
      // Stop pulling from the socket: nothing more is read, Fastify answers and closes.
      payload.pause()
      done(new GW_BODY_TOO_LARGE(limit))
      return
    }
    chunks.push(chunk)
  }

  function onEnd (): void {
    stop()
    const declared = headers['content-length']
    if (declared !== undefined && Number(declared) !== received) {
      done(new GW_BODY_LENGTH_MISMATCH())
      return
    }
    if (chunks.length !== 1) {
      done(null, Buffer.concat(chunks, received))
      return
    }
    // A single chunk may be a view over a shared socket buffer: copy it only when the bytes
    // outlive this call (a Buffer body, rawBody, verify); decoding to a string needs no copy.
    const only = chunks[0] as Buffer
    done(null, keepsBytes ? Buffer.from(only) : only)
  }

  function onError (): void {
    stop()
    done(new GW_BODY_ABORTED())
  }
}

/** Counts bytes through it and fails with the error `check` returns. */
class Meter extends Transform {
  bytes = 0
  constructor (private readonly check: (bytes: number) => Error | undefined, private readonly atEnd?: (bytes: number) => Error | undefined) {
    super()
  }

  override _transform (chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length
    callback(this.check(this.bytes), chunk)
  }

  override _flush (callback: TransformCallback): void {
    callback(this.atEnd?.(this.bytes))
  }
}

/** The meter after the inflater: it also adds what the inflater produced to the plugin's counters. */
class InflatedMeter extends Meter {
  constructor (check: (bytes: number) => Error | undefined, private readonly counters: BodyCounters) {
    super(check)
  }

  override _transform (chunk: Buffer, encoding: BufferEncoding, callback: TransformCallback): void {
    this.counters.bytesInflated += chunk.length
    super._transform(chunk, encoding, callback)
  }

  /** Only reached when the inflater ended cleanly and no limit was passed: the body is inflated. */
  override _flush (callback: TransformCallback): void {
    this.counters.bodiesInflated++
    callback()
  }
}

/**
 * The body as a stream: wire bytes metered against the limit (and Content-Length), then
 * inflated when `inflater` is given, then metered against the inflated limit and the
 * expansion ratio. The first failure destroys every stage (so inflation stops at once) and
 * the returned stream errors with our coded error, never a zlib one. `onFail` hears that error
 * (a streamed body counts its rejection there; a buffered one is counted by its parser).
 */
export function bodyStream (
  payload: Readable,
  headers: IncomingHttpHeaders,
  settings: RouteSettings,
  inflater: (() => Transform) | null,
  counters: BodyCounters,
  onFail?: (error: Error) => void
): Readable {
  const declared = headers['content-length']
  const expected = declared === undefined ? undefined : Number(declared)
  const { limit, inflatedLimit, maxExpansionRatio } = settings
  const wire = new Meter(
    bytes => bytes > limit ? new GW_BODY_TOO_LARGE(limit) : undefined,
    bytes => expected !== undefined && bytes !== expected ? new GW_BODY_LENGTH_MISMATCH() : undefined
  )
  const out = new PassThrough()
  const stages: Readable[] = [payload, wire]
  let inflate: Transform | undefined
  if (inflater !== null) {
    inflate = inflater()
    const inflated = new InflatedMeter(bytes => {
      if (bytes > inflatedLimit) return new GW_BODY_INFLATED_TOO_LARGE(inflatedLimit)
      if (bytes > RATIO_FLOOR && bytes > wire.bytes * maxExpansionRatio) return new GW_BODY_EXPANSION_RATIO(maxExpansionRatio)
      return undefined
    }, counters)
    stages.push(inflate, inflated)
  }
  let failed = false
  const fail = (error: Error): void => {
    if (failed) return
    failed = true
    for (const stage of stages) {
      stage.unpipe()
      if (stage !== payload) stage.destroy()
    }
    payload.pause()
    onFail?.(error)
    out.destroy(error)
  }
  for (let s = 0; s < stages.length; s++) {
    const stage = stages[s] as Readable
    const next = (stages[s + 1] ?? out) as unknown as NodeJS.WritableStream
    stage.pipe(next)
    stage.on('error', (error: Error & { code?: string }) => {
      if (typeof error.code === 'string' && error.code.startsWith('GW_BODY_')) fail(error)
      else if (stage === inflate) fail(new GW_BODY_INVALID_COMPRESSION(headers['content-encoding'] as string))
      else fail(new GW_BODY_ABORTED())
    })
  }
  return out
}

/** Buffers the output of {@link bodyStream}. */
export function readStream (stream: Readable, done: BodyCallback): void {
  const chunks: Buffer[] = []
  let received = 0
  stream.on('data', (chunk: Buffer) => {
    received += chunk.length
    chunks.push(chunk)
  })
  stream.on('end', () => { done(null, Buffer.concat(chunks, received)) })
  stream.on('error', error => { done(error) })
}
