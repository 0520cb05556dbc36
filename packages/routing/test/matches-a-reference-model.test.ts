import t from 'tap'
import Fastify from 'fastify'
import fc from 'fast-check'
import routing from '../src/index.js'

// A route pattern is a list of segments ('a' | 'b' | 'c' | param) and maybe a final wildcard.
interface Pattern { segments: Array<string | null>, wildcard: boolean }
const registrable = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const
const requested = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const

const patternArb: fc.Arbitrary<Pattern> = fc.record({
  segments: fc.array(fc.option(fc.constantFrom('a', 'b', 'c'), { freq: 3 }), { maxLength: 3 }),
  wildcard: fc.boolean()
})
const routesArb = fc.array(fc.record({ method: fc.constantFrom(...registrable), pattern: patternArb }), { minLength: 1, maxLength: 8 })
const requestArb = fc.record({
  method: fc.constantFrom(...requested),
  segments: fc.array(fc.constantFrom('a', 'b', 'c', 'x', ''), { maxLength: 4 })
})

function urlOf (pattern: Pattern): string {
  const parts = pattern.segments.map((segment, i) => segment ?? `:p${i}`)
  if (pattern.wildcard) parts.push('*')
  return '/' + parts.join('/')
}

// The model of find-my-way: a parameter matches any (even empty) segment, a wildcard matches any rest.
function matches (pattern: Pattern, path: string): boolean {
  const parts = pattern.segments.map((segment) => segment ?? '[^/]*')
  if (pattern.wildcard) parts.push('.*')
  return new RegExp('^/' + parts.join('/') + '$').test(path)
}

function model (routes: ReadonlyArray<{ method: string, pattern: Pattern }>, method: string, path: string) {
  const methods = new Set(routes.filter((route) => matches(route.pattern, path)).map((route) => route.method))
  if (methods.has('GET')) methods.add('HEAD')
  if (methods.size === 0) return { status: 404, allow: undefined }
  methods.add('OPTIONS')
  const allow = [...methods].sort().join(', ')
  if (method === 'OPTIONS') return { status: 204, allow }
  return methods.has(method) ? { status: 200, allow: undefined } : { status: 405, allow }
}

t.test('status and Allow are exactly what a reference model predicts', async (t) => {
  await fc.assert(fc.asyncProperty(routesArb, fc.array(requestArb, { minLength: 1, maxLength: 6 }), async (generated, requests) => {
    const seen = new Set<string>()
    const routes = generated.filter(({ method, pattern }) => {
      const key = `${method} ${urlOf(pattern)}`
      return seen.has(key) ? false : Boolean(seen.add(key))
    })
    const app = Fastify()
    try {
      await app.register(routing)
      for (const { method, pattern } of routes) app.route({ method, url: urlOf(pattern), handler: async () => 'ok' })
      await app.ready()
      for (const request of requests) {
        const url = '/' + request.segments.join('/')
        const response = await app.inject({ method: request.method, url })
        const expected = model(routes, request.method, url)
        t.equal(response.statusCode, expected.status, `${request.method} ${url} with ${[...seen].join(' | ')}`)
        if (expected.status !== 200) t.equal(response.headers.allow, expected.allow, `Allow of ${request.method} ${url}`)
      }
    } finally {
      await app.close()
    }
  }), { numRuns: Number(process.env.GW_PROPERTY_RUNS ?? 150) })
})
