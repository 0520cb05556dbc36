import type { FastifyRequest } from 'fastify'
import type { Readable } from 'node:stream'
import { GW_BODY_UNSUPPORTED_MEDIA_TYPE, GW_BODY_VERIFY_FAILED } from './errors.js'
import type { LingeringClose } from './linger.js'
import type { BodyCounters } from './metrics.js'
import type { ResolvedOptions } from './options.js'
import { bodyStream, preflight, readPlain, readStream, type BodyCallback } from './read-body.js'
import { settingsOf, type RouteSettings } from './route-config.js'

export type ParserDone = (error: Error | null, body?: unknown) => void
/** A Fastify content-type parser in its callback form. */
export type ContentTypeParser = (request: FastifyRequest, payload: Readable, done: ParserDone) => void
/** Turns the body bytes into `request.body`. `keepsBytes`: the result holds on to the bytes themselves. */
export type Parse = ((request: FastifyRequest, bytes: Buffer) => unknown) & { keepsBytes?: true }

export interface Receiver {
  /** The content-type parser that reads a body (limits, decompression, verify) and hands its bytes to `parse`. */
  parserFor: (parse: Parse) => ContentTypeParser
  /** The parser for every other media type: a Buffer with `catchAll` or on a streaming route, else 415. */
  otherTypes: (accepted: string) => ContentTypeParser
}

/** The bytes as they are: a Buffer body. */
export const asBuffer: Parse = (_request, bytes) => bytes
asBuffer.keepsBytes = true

/**
 * How every accepted body is received: the route's settings, the checks before reading, reading
 * (plain, inflated or streamed), `verify`, then the media type's `parse`.
 */
export function createReceiver (
  options: ResolvedOptions, defaults: RouteSettings, lingering: LingeringClose | undefined, counters: BodyCounters
): Receiver {
  /** Every error of a buffered body reaches Fastify here, so each rejection is counted once, under its code. */
  function fail (done: ParserDone, error: Error): void {
    counters.reject(error)
    done(error)
  }

  /** Fails the body; a body still arriving is read to its end after the answer, not reset. */
  function reject (request: FastifyRequest, done: ParserDone, error: Error): void {
    lingering?.afterRejecting(request.raw)
    fail(done, error)
  }

  function receive (request: FastifyRequest, payload: Readable, done: ParserDone, parse: Parse): void {
    const settings = settingsOf(request, defaults)
    const inflater = preflight(request.headers, settings, options.decompress)
    if (inflater instanceof Error) {
      reject(request, done, inflater)
      return
    }
    if (settings.stream) {
      // No parser callback sees a streamed body's failure: the stream counts it itself.
      done(null, bodyStream(payload, request.headers, settings, inflater, counters, counters.reject))
      return
    }
    const onBody: BodyCallback = (error, bytes) => {
      if (error !== null) {
        reject(request, done, error)
        return
      }
      finish(request, bytes as Buffer, settings, parse, done)
    }
    if (inflater === null) readPlain(payload, request.headers, settings.limit, parse.keepsBytes === true || settings.rawBody || settings.verify !== undefined, onBody)
    else readStream(bodyStream(payload, request.headers, settings, inflater, counters), onBody)
  }

  function finish (request: FastifyRequest, bytes: Buffer, settings: RouteSettings, parse: Parse, done: ParserDone): void {
    if (settings.rawBody) request.rawBody = bytes
    if (settings.verify === undefined) {
      parseInto(request, bytes, parse, done)
      return
    }
    const verified = (error: unknown): void => {
      const failure = new GW_BODY_VERIFY_FAILED()
      failure.cause = error
      fail(done, failure)
    }
    let result: void | Promise<void>
    try {
      result = settings.verify(request, bytes)
    } catch (error) {
      verified(error)
      return
    }
    if (result !== undefined && typeof result.then === 'function') {
      result.then(() => { parseInto(request, bytes, parse, done) }, verified)
      return
    }
    parseInto(request, bytes, parse, done)
  }

  function parseInto (request: FastifyRequest, bytes: Buffer, parse: Parse, done: ParserDone): void {
    let body: unknown
    try {
      body = parse(request, bytes)
    } catch (error) {
      fail(done, error as Error)
      return
    }
    done(null, body)
  }

  return {
    parserFor: parse => function (request, payload, done) {
      receive(request, payload, done, parse)
    },
    otherTypes: accepted => function (request, payload, done) {
      if (options.catchAll || settingsOf(request, defaults).stream) {
        receive(request, payload, done, asBuffer)
        return
      }
      reject(request, done, new GW_BODY_UNSUPPORTED_MEDIA_TYPE(request.mediaType ?? '(none)', accepted))
    }
  }
}
