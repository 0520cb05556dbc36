import type { FastifyRequest } from 'fastify'

function underPrefix (urlPath: string, prefix: string): boolean {
  if (prefix.endsWith('/')) return urlPath.startsWith(prefix) || urlPath === prefix.slice(0, -1)
  return urlPath === prefix || urlPath.startsWith(prefix + '/')
}

/**
 * An SPA navigation: a browser asking for HTML at a path without a file extension, outside the API prefixes.
 * Anything else (a missing script, an API call, a fetch for JSON) must get a real 404 instead of index.html.
 */
export function wantsSpaIndex (request: FastifyRequest, apiPrefixes: readonly string[], rel: string): boolean {
  const accept = request.headers.accept
  if (accept === undefined || !accept.includes('text/html')) return false
  const lastSegment = rel.slice(rel.lastIndexOf('/') + 1)
  if (lastSegment.includes('.')) return false
  const url = request.raw.url as string
  const query = url.indexOf('?')
  const urlPath = query === -1 ? url : url.slice(0, query)
  return !apiPrefixes.some(prefix => underPrefix(urlPath, prefix))
}
