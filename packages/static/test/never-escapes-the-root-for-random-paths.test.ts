import t from 'tap'
import fc from 'fast-check'
import Fastify from 'fastify'
import path from 'node:path'
import staticFiles from '../src/index.js'
import { fastRelativePath, parseRelativePath } from '../src/request-path.js'

const pieces = fc.constantFrom('..', '.', '%2e', '%2E', '%2f', '%2F', '%5c', '\\', '/', '%25', '%00', '%c0%ae', 'a', 'b.txt', '.env', '%', '%e2%80%ae', '~', ';')
const rawPaths = fc.oneof(fc.array(pieces, { maxLength: 12 }).map(parts => parts.join('')), fc.string({ maxLength: 40 }))

t.test('a parsed path joined to the root never leaves it', async t => {
  const root = '/srv/site'
  fc.assert(fc.property(rawPaths, raw => {
    const parsed = parseRelativePath(raw)
    if (parsed.kind !== 'file') return true
    const full = path.resolve(root, parsed.rel)
    return (full === root || full.startsWith(root + '/')) && !parsed.rel.split('/').includes('..')
  }), { numRuns: 5000 })
  t.pass('property held')
})

t.test('the fast path only accepts paths the full parser accepts unchanged', async t => {
  fc.assert(fc.property(rawPaths, raw => {
    const fast = fastRelativePath(raw)
    if (fast === undefined) return true
    const parsed = parseRelativePath(raw)
    return parsed.kind === 'file' && parsed.rel === fast && !parsed.dotfile && !parsed.directory
  }), { numRuns: 5000 })
  t.pass('property held')
})

t.test('random request paths never read the secret outside the root', async t => {
  const dir = t.testdir({ 'secret.txt': 'TOPSECRET', site: { 'a.txt': 'a', sub: { 'b.txt': 'b' } } })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root: path.join(dir, 'site') })
  await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom('..', '%2e%2e', 'sub', 'secret.txt', '%2f', 'a.txt', '.', '%5c'), { minLength: 1, maxLength: 6 }), async parts => {
    const res = await app.inject('/' + parts.join('/'))
    return !res.body.includes('TOPSECRET') && res.statusCode < 500
  }), { numRuns: 300 })
  t.pass('property held')
})
