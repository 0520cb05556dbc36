import t from 'tap'
import Fastify from 'fastify'
import body from '../src/index.js'
import { exactDepth } from '../src/json.js'

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth)

t.test('100,000-deep JSON is a 400, never a stack overflow', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => request.body)
  for (const text of [nested(100000), '{"a":'.repeat(100000) + '1' + '}'.repeat(100000)]) {
    const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: text })
    t.equal(response.statusCode, 400)
    t.same(response.json(), { statusCode: 400, code: 'GW_BODY_TOO_DEEP', error: 'Bad Request', message: 'JSON body nesting is deeper than the limit of 64' })
  }
})

t.test('64 levels pass, 65 do not; brackets inside strings do not count', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => request.body)
  const ok = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: nested(64) })
  t.equal(ok.statusCode, 200)
  const deep = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: nested(65) })
  t.equal(deep.statusCode, 400)
  const manyFlat = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ i, s: '[[[{{\\"' })))
  const flat = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: manyFlat })
  t.equal(flat.statusCode, 200)
  t.same(flat.json(), JSON.parse(manyFlat))
})

t.test('the depth limit is configurable', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { json: { maxDepth: 2 } })
  app.post('/', async (request) => request.body)
  t.equal((await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: '{"a":[1]}' })).statusCode, 200)
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: '{"a":[[1]]}' })
  t.equal(response.json().message, 'JSON body nesting is deeper than the limit of 2')
})

t.test('exactDepth skips strings and escapes', async t => {
  t.equal(exactDepth('{"a":"}}}[[[","b":[{"c":"\\"["}]}'), 3)
  t.equal(exactDepth('"unterminated [[['), 0)
})
