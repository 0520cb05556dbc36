import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyError, FastifyReply, FastifyRequest, RouteHandlerMethod, RouteOptions } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'

export type Headers = Readonly<Record<string, string>>

/**
 * helmet's choices for the web page, with a policy the page (index.html, app.js, styles.css: no inline
 * script, style or handler) satisfies as it is. helmet's default CSP allows inline styles and upgrades
 * every request to https, which breaks the page wherever it is served over plain HTTP (`HOST=0.0.0.0`).
 */
export const helmetOptions: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'base-uri': ["'none'"],
      'connect-src': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      'img-src': ["'self'"],
      'object-src': ["'none'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'"]
    }
  },
  // Off over TLS too: the demo's own TLS (TLS_CERT_FILE) is mostly a throwaway certificate on localhost,
  // where a remembered policy would outlive it. HSTS belongs to whatever terminates TLS for real users,
  // which knows whether every subdomain really is served over https.
  strictTransportSecurity: false,
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' }
}

/** Powerful features the page never uses, off for it and for anything it could embed. */
export const permissionsPolicy = 'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()'

/**
 * helmet's headers, worked out once. helmet sets the same values on every response, so running its
 * middleware against a recorder at start gives the headers without helmet's per-request work: measured
 * with @fastify/helmet's two app-wide onRequest hooks, the demo's GET /api/users fell to about half of
 * bare Fastify (see the README).
 */
export function pageHeaders (options: HelmetOptions = helmetOptions): Headers {
  const recorded: Record<string, string> = {}
  const recorder = {
    setHeader (name: string, value: string) { recorded[name.toLowerCase()] = value },
    removeHeader (name: string) { delete recorded[name.toLowerCase()] }
  }
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => {})
  recorded['permissions-policy'] = permissionsPolicy
  return recorded
}

/**
 * JSON answers (the API and every error): never stored by a cache, since they change with every write
 * and may be personal, and never sniffed into something executable. Only these two, since every byte of
 * header is paid on the hottest route; the page's policies mean nothing to a JSON reader.
 */
export const apiHeaders: Headers = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff'
}

/**
 * An onRoute hook that makes each route of its scope set the headers first thing in its handler. That
 * costs the route one function call and a few reply.header() calls; a lifecycle hook (app-wide or
 * per route) costs each request a run of Fastify's hook runner, about 6% of a small JSON route.
 */
export function setHeadersInHandlers (headers: Headers): (route: RouteOptions) => void {
  return (route) => {
    const handler = route.handler
    route.handler = function withHeaders (this: ThisParameterType<RouteHandlerMethod>, request: FastifyRequest, reply: FastifyReply) {
      reply.headers(headers)
      return handler.call(this, request, reply)
    }
  }
}

/**
 * The root error handler: every error answer is JSON, so it gets the API's headers, then goes on to
 * Fastify's default handler (an error handler that throws hands the error to its parent), which keeps
 * Fastify's shape `{ statusCode, code, error, message }` and its logging.
 */
export function errorsWithHeaders (headers: Headers) {
  return function withHeaders (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): never {
    reply.headers(headers)
    throw error
  }
}
