import t, { type Test } from 'tap'
import { readFile } from 'node:fs/promises'
import type { InjectOptions } from 'fastify'
import { buildApp } from '../src/app.js'
import { defaultPublicDir } from '../src/config.js'
import { pageHeaders } from '../src/security-headers.js'
import { testConfig } from './helpers/config.js'

type Headers = Record<string, string | string[] | number | undefined>

function hasPagePolicies (t: Test, headers: Headers, what: string): void {
  const csp = String(headers['content-security-policy'])
  t.match(csp, /(^|;)default-src 'self'(;|$)/, `${what}: CSP default-src 'self'`)
  t.match(csp, /(^|;)script-src 'self'(;|$)/, `${what}: CSP script-src 'self'`)
  t.match(csp, /(^|;)style-src 'self'(;|$)/, `${what}: CSP style-src 'self'`)
  t.match(csp, /(^|;)frame-ancestors 'none'(;|$)/, `${what}: CSP frame-ancestors 'none'`)
  t.match(csp, /(^|;)object-src 'none'(;|$)/, `${what}: CSP object-src 'none'`)
  t.notMatch(csp, /unsafe-inline|unsafe-eval|upgrade-insecure-requests/, `${what}: nothing inline or eval'd, and no https upgrade of a plain-HTTP demo`)
  t.equal(headers['x-frame-options'], 'DENY', `${what}: X-Frame-Options`)
  t.equal(headers['referrer-policy'], 'no-referrer', `${what}: Referrer-Policy`)
  t.match(headers['permissions-policy'], /camera=\(\)/, `${what}: Permissions-Policy`)
  t.match(headers['permissions-policy'], /geolocation=\(\)/, `${what}: Permissions-Policy`)
  t.match(headers['permissions-policy'], /microphone=\(\)/, `${what}: Permissions-Policy`)
  t.equal(headers['x-content-type-options'], 'nosniff', `${what}: nosniff`)
  t.equal(headers['strict-transport-security'], undefined, `${what}: no HSTS from a plain-HTTP server`)
}

function hasApiHeaders (t: Test, headers: Headers, what: string): void {
  t.equal(headers['cache-control'], 'no-store', `${what}: Cache-Control: no-store`)
  t.equal(headers['x-content-type-options'], 'nosniff', `${what}: nosniff`)
  t.match(headers['content-type'], /^application\/json/, `${what}: JSON`)
}

t.test('the page: CSP, frame protection, Referrer-Policy, Permissions-Policy; static keeps its Cache-Control', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const page = await app.inject('/')
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  hasPagePolicies(t, page.headers, 'GET /')
  t.equal(page.headers['cache-control'], 'no-cache', 'GET /: @groundwork/static\'s own policy for HTML')

  const direct = await app.inject('/index.html')
  hasPagePolicies(t, direct.headers, 'GET /index.html')
})

t.test('a static asset keeps @groundwork/static\'s Cache-Control and gets nosniff', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  for (const url of ['/app.js', '/styles.css']) {
    const asset = await app.inject(url)
    t.equal(asset.statusCode, 200, url)
    t.equal(asset.headers['cache-control'], 'public, max-age=0', `${url}: static's own Cache-Control`)
    t.equal(asset.headers['x-content-type-options'], 'nosniff', `${url}: nosniff`)
  }
  const revalidated = await app.inject({ url: '/app.js', headers: { 'if-none-match': String((await app.inject('/app.js')).headers.etag) } })
  t.equal(revalidated.statusCode, 304)
  t.equal(revalidated.headers['cache-control'], 'public, max-age=0', '304: static\'s own Cache-Control')
})

t.test('API answers: Cache-Control: no-store and nosniff, and nothing more on the hot path', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const list = await app.inject('/api/users')
  t.equal(list.statusCode, 200)
  hasApiHeaders(t, list.headers, 'GET /api/users')
  t.equal(list.headers['content-security-policy'], undefined, 'the page\'s policies mean nothing to a JSON reader: not sent')

  const created = await app.inject({ method: 'POST', url: '/api/users', payload: { name: 'Ada', email: 'ada@example.com' } })
  t.equal(created.statusCode, 201)
  hasApiHeaders(t, created.headers, 'POST /api/users')
  const read = await app.inject('/api/users/1')
  hasApiHeaders(t, read.headers, 'GET /api/users/1')
  const head = await app.inject({ method: 'HEAD', url: '/api/users' })
  t.equal(head.statusCode, 200)
  t.equal(head.headers['cache-control'], 'no-store', 'HEAD /api/users: no-store')
  const stats = await app.inject('/api/stats')
  hasApiHeaders(t, stats.headers, 'GET /api/stats')
  const deleted = await app.inject({ method: 'DELETE', url: '/api/users/1' })
  t.equal(deleted.statusCode, 204)
  t.equal(deleted.headers['cache-control'], 'no-store', 'DELETE: no-store')
})

t.test('errors: 404, 405, 400 and 415 carry no-store and nosniff, in Fastify\'s error shape', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const cases: Array<[string, string | InjectOptions, number, string]> = [
    ['an unknown API path', '/api/nope', 404, 'GW_ROUTING_NOT_FOUND'],
    ['an unknown page path', '/nope.html', 404, 'GW_ROUTING_NOT_FOUND'],
    ['an unknown user', '/api/users/99', 404, 'DEMO_USER_NOT_FOUND'],
    ['a wrong method on an API path', { method: 'PUT', url: '/api/users' }, 405, 'GW_ROUTING_METHOD_NOT_ALLOWED'],
    ['a wrong method on a file', { method: 'DELETE', url: '/app.js' }, 405, 'GW_STATIC_METHOD_NOT_ALLOWED'],
    ['a validation error', { method: 'POST', url: '/api/users', payload: { name: 'Ada', email: 'nope' } }, 400, 'FST_ERR_VALIDATION'],
    ['a bad query', '/api/users?limit=0', 400, 'FST_ERR_VALIDATION'],
    ['a bad media type', { method: 'POST', url: '/api/users', headers: { 'content-type': 'application/x-unknown' }, payload: 'x' }, 415, 'GW_BODY_UNSUPPORTED_MEDIA_TYPE']
  ]
  for (const [what, request, status, code] of cases) {
    const response = await app.inject(request)
    t.equal(response.statusCode, status, what)
    t.match(response.json(), { statusCode: status, code, error: String, message: String }, `${what}: Fastify's error shape`)
    hasApiHeaders(t, response.headers, what)
  }
})

t.test('the page needs no \'unsafe-inline\': no inline script, style or event handler in it', async t => {
  const html = await readFile(new URL('index.html', `file://${defaultPublicDir}/`), 'utf8')
  t.notMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'every script is a file')
  t.notMatch(html, /<style[\s>]/i, 'no style element')
  t.notMatch(html, /\sstyle\s*=/i, 'no style attribute')
  t.notMatch(html, /\son[a-z]+\s*=/i, 'no inline event handler')
  t.notMatch(html, /(href|src|action)\s*=\s*["']?\s*javascript:/i, 'no javascript: URL')
})

t.test('helmet\'s headers are worked out once, without helmet\'s X-Powered-By removal leaking through', async t => {
  const headers = pageHeaders()
  t.same(Object.keys(headers).filter(name => name !== name.toLowerCase()), [], 'lower-case names, as reply.headers() keeps them')
  t.notOk('x-powered-by' in headers)
  t.equal(pageHeaders({ contentSecurityPolicy: false })['content-security-policy'], undefined, 'the options decide the set')
})
