import t from 'tap'
import Fastify from 'fastify'
import body from '../src/index.js'

const FORM = 'application/x-www-form-urlencoded'
const hostile = ['__proto__=x', '__proto__[admin]=1', 'constructor[prototype][admin]=1', 'a[__proto__][admin]=1', 'a[prototype]=1', 'prototype=1', '%5F%5Fproto%5F%5F=1']

t.test('forbidden keys are a 400 by default, flat and nested', async t => {
  for (const nested of [false, true]) {
    const app = Fastify()
    t.teardown(() => app.close())
    await app.register(body, { form: { nested } })
    app.post('/', async (request) => request.body)
    for (const payload of hostile) {
      const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': FORM }, payload })
      if (!nested && payload.includes('[')) {
        t.equal(response.statusCode, 200, `${payload} is a literal key when not nested`)
        continue
      }
      t.equal(response.statusCode, 400, payload)
      t.equal(response.json().code, 'GW_BODY_PROTOTYPE_POISONING')
    }
  }
  t.equal(({} as Record<string, unknown>).admin, undefined)
})

t.test("onProtoPoisoning: 'remove' drops them", async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { form: { nested: true, onProtoPoisoning: 'remove' } })
  app.post('/', async (request) => request.body)
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': FORM }, payload: hostile.join('&') + '&ok=1&a[b]=2' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { ok: '1', a: { b: '2' } })
  t.equal(({} as Record<string, unknown>).admin, undefined)
})
