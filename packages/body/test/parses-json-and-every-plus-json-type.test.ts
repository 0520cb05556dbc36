import t, { type Test } from 'tap'
import Fastify from 'fastify'
import body from '../src/index.js'

async function build (t: Test) {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => ({ type: request.mediaType, body: request.body }))
  return app
}

t.test('application/json is parsed', async t => {
  const app = await build(t)
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: '{"a":[1,2,{"b":null}]}' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { type: 'application/json', body: { a: [1, 2, { b: null }] } })
})

t.test('application/*+json types are parsed as JSON', async t => {
  const app = await build(t)
  for (const type of ['application/merge-patch+json', 'application/vnd.api+json; charset=utf-8', 'Application/LD+JSON']) {
    const response = await app.inject({ method: 'PATCH', url: '/', headers: { 'content-type': type }, payload: '{"x":1}' })
    t.equal(response.statusCode, 404, 'PATCH has no route')
    const post = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': type }, payload: '{"x":1}' })
    t.equal(post.statusCode, 200, type)
    t.same(post.json().body, { x: 1 })
  }
})

t.test('Content-Type parameters, case and whitespace are understood', async t => {
  const app = await build(t)
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'APPLICATION/JSON ;  Charset="UTF-8"' }, payload: '"ok"' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { type: 'application/json', body: 'ok' })
})

t.test('a UTF-8 byte order mark is ignored and UTF-16 JSON is decoded', async t => {
  const app = await build(t)
  const bom = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"é":1}')]) })
  t.same(bom.json().body, { é: 1 })
  const utf16 = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json; charset=utf-16le' }, payload: Buffer.from('{"ü":"∑"}', 'utf16le') })
  t.same(utf16.json().body, { ü: '∑' })
})

t.test('JSON with invalid UTF-8 is rejected, an unknown charset is 415', async t => {
  const app = await build(t)
  const invalid = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: Buffer.from([0x22, 0xff, 0xfe, 0x22]) })
  t.equal(invalid.statusCode, 400)
  t.equal(invalid.json().code, 'GW_BODY_INVALID_BYTES')
  const unknown = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json; charset=klingon' }, payload: '{}' })
  t.equal(unknown.statusCode, 415)
  t.equal(unknown.json().code, 'GW_BODY_UNSUPPORTED_CHARSET')
})
