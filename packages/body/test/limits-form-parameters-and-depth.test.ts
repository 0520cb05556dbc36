import t from 'tap'
import Fastify from 'fastify'
import body from '../src/index.js'

const FORM = 'application/x-www-form-urlencoded'

t.test('more parameters than parameterLimit is a 413', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { form: { parameterLimit: 3 } })
  app.post('/', async (request) => request.body)
  t.equal((await app.inject({ method: 'POST', url: '/', headers: { 'content-type': FORM }, payload: 'a=1&b=2&c=3&&' })).statusCode, 200)
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': FORM }, payload: 'a=1&b=2&c=3&d=4' })
  t.same(response.json(), { statusCode: 413, code: 'GW_BODY_TOO_MANY_PARAMETERS', error: 'Payload Too Large', message: 'Form body has more than 3 parameters' })
})

t.test('the default parameterLimit is 1000', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => Object.keys(request.body as object).length)
  const pairs = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join('&')
  t.equal((await app.inject({ method: 'POST', url: '/', headers: { 'content-type': FORM }, payload: pairs(1000) })).body, '1000')
  t.equal((await app.inject({ method: 'POST', url: '/', headers: { 'content-type': FORM }, payload: pairs(1001) })).statusCode, 413)
})

t.test('nested keys deeper than maxDepth are a 400', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { form: { nested: true } })
  app.post('/', async (request) => request.body)
  t.equal((await app.inject({ method: 'POST', url: '/', headers: { 'content-type': FORM }, payload: 'a[1][2][3][4][5]=x' })).statusCode, 200)
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': FORM }, payload: 'a[1][2][3][4][5][6]=x' })
  t.same(response.json(), { statusCode: 400, code: 'GW_BODY_TOO_DEEP', error: 'Bad Request', message: 'Form body nesting is deeper than the limit of 5' })
})

t.test('a long run of pairs without = parses in linear time', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { form: { parameterLimit: 200000 } })
  app.post('/', async (request) => Object.keys(request.body as object).length)
  const payload = Array.from({ length: 100000 }, (_, i) => `k${i}`).join('&') + '&last=1'
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': FORM }, payload })
  t.equal(response.body, '100001')
})
