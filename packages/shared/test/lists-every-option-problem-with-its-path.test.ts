import t from 'tap'
import Type from 'typebox'
import { compileOptions, describeProblems } from '../src/index.js'

const schema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1 })),
  cache: Type.Optional(Type.Object({ maxBytes: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }))
}, { additionalProperties: false })
const check = compileOptions(schema)

t.test('valid options have no problems, with or without Fastify\'s register keys', async t => {
  t.same(check.problems({ limit: 3, cache: { maxBytes: 0 } }), [])
  t.same(check.problems({ prefix: '/x', logLevel: 'warn', logSerializers: {} }), [])
  t.equal(check.valid({ limit: 3 }), true)
  t.equal(check.valid({ limit: 0 }), false)
})

t.test('every problem is listed once, with its path, a misspelled key named as unknown', async t => {
  const problems = check.problems({ limti: 3, limit: 0, cache: { maxBytes: -1, maxbytes: 2 } })
  t.same(problems, [
    { path: 'limti', message: 'is not a known option (check its spelling)' },
    { path: 'limit', message: 'must be >= 1' },
    { path: 'cache.maxbytes', message: 'is not a known option (check its spelling)' },
    { path: 'cache.maxBytes', message: 'must be >= 0' }
  ])
  t.equal(describeProblems(problems), 'limti is not a known option (check its spelling); limit must be >= 1; cache.maxbytes is not a known option (check its spelling); cache.maxBytes must be >= 0')
})

t.test('something that is not an object is one problem about the options themselves', async t => {
  for (const options of [null, 3, 'x', [1]]) {
    t.match(check.problems(options), [{ path: '(options)', message: /must be object/ }], JSON.stringify(options))
  }
})
