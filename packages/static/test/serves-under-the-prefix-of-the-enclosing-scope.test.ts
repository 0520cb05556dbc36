import t from 'tap'
import Fastify from 'fastify'
import staticFiles from '../src/index.js'

// The files live under the enclosing scope's prefix joined with the plugin's, exactly as Fastify joins a route url
// to a prefix: '/v2/' + '/assets/' is '/v2/assets/', not '/v2//assets/'.
const cases: Array<{ scopes: string[], prefix: string | undefined, under: string }> = [
  { scopes: ['/v1'], prefix: undefined, under: '/v1/' },
  { scopes: ['/v2/'], prefix: '/assets', under: '/v2/assets/' },
  { scopes: ['/v3'], prefix: '/assets/', under: '/v3/assets/' },
  { scopes: ['/a', '/b/'], prefix: '/c', under: '/a/b/c/' },
  { scopes: ['/'], prefix: '/d', under: '/d/' }
]

for (const { scopes, prefix, under } of cases) {
  for (const hotCache of [true, false]) {
    t.test(`scopes ${scopes.join(' > ')}, prefix ${String(prefix)}, hotCache ${hotCache}: files are under ${under}`, async t => {
      const root = t.testdir({ 'a.txt': 'A', sub: { 'index.html': '<sub>' } })
      const app = Fastify()
      t.teardown(() => app.close())
      const register = async (scope: typeof app, remaining: string[]): Promise<void> => {
        const [next, ...rest] = remaining
        if (next === undefined) {
          await scope.register(staticFiles, prefix === undefined ? { root, hotCache } : { root, prefix, hotCache })
          return
        }
        await scope.register(async child => { await register(child as typeof app, rest) }, { prefix: next })
      }
      await register(app, scopes)

      for (let round = 0; round < 2; round++) {
        const file = await app.inject(`${under}a.txt`)
        t.equal(file.statusCode, 200, `GET ${under}a.txt, round ${round}`)
        t.equal(file.body, 'A')
        t.equal((await app.inject(`${under}a.txt?x=1`)).body, 'A', 'the query is not part of the path')
        t.equal((await app.inject(`${under}sub/`)).body, '<sub>')
      }
      t.equal((await app.inject({ method: 'POST', url: `${under}a.txt` })).statusCode, 405)
      t.equal((await app.inject(`${under}b.txt`)).statusCode, 404)
    })
  }
}
