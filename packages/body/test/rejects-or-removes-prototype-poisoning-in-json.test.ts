import t from 'tap'
import Fastify from 'fastify'
import body from '../src/index.js'

const poisoned = [
  ['{"a":1,"__proto__":{"admin":true}}', '__proto__'],
  ['{"a":{"b":[{"\\u005f_proto__":{"x":1}}]}}', '__proto__'],
  ['{"constructor":{"prototype":{"admin":true}}}', 'constructor.prototype'],
  ['[{"n":{"constructor":{"prototype":null}}}]', 'constructor.prototype'],
  // Every character escaped: neither key is spelled out anywhere in the text.
  ['{"\\u005f\\u005F\\u0070\\u0072\\u006f\\u0074\\u006F\\u005f\\u005f":{"admin":true}}', '__proto__'],
  ['{"\\u0063\\u006f\\u006e\\u0073\\u0074\\u0072\\u0075\\u0063\\u0074\\u006f\\u0072":{"prototype":{}}}', 'constructor.prototype']
] as const

t.test('prototype poisoning is a 400 by default', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => request.body)
  for (const [text, key] of poisoned) {
    const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: text })
    t.equal(response.statusCode, 400, text)
    t.same(response.json(), { statusCode: 400, code: 'GW_BODY_PROTOTYPE_POISONING', error: 'Bad Request', message: `Body contains a forbidden key: ${key}` })
  }
})

t.test('harmless constructor keys pass', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => request.body)
  const text = '{"constructor":"Object","x":{"constructor":{"name":"y"}},"list":[null,1,"__proto__"]}'
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: text })
  t.equal(response.statusCode, 200)
  t.same(response.json(), JSON.parse(text))
})

t.test("onProtoPoisoning: 'remove' drops the keys", async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { json: { onProtoPoisoning: 'remove' } })
  app.post('/', async (request) => {
    const parsed = request.body as Record<string, unknown>
    return { keys: Object.keys(parsed), proto: Object.getPrototypeOf(parsed) === Object.prototype, parsed }
  })
  const response = await app.inject({
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'application/json' },
    payload: '{"a":1,"__proto__":{"admin":true},"b":{"constructor":{"prototype":{}},"c":2}}'
  })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { keys: ['a', 'b'], proto: true, parsed: { a: 1, b: { c: 2 } } })
  t.equal(({} as Record<string, unknown>).admin, undefined)
})
