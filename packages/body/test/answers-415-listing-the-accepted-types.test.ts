import t from 'tap'
import Fastify from 'fastify'
import body, { acceptedMediaTypes, DEFAULT_ACCEPTED_MEDIA_TYPES } from '../src/index.js'

t.test('an unsupported type is a 415 that lists what is accepted', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => request.body)
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'image/png' }, payload: 'x' })
  t.same(response.json(), {
    statusCode: 415,
    code: 'GW_BODY_UNSUPPORTED_MEDIA_TYPE',
    error: 'Unsupported Media Type',
    message: 'Unsupported media type image/png; accepted: application/json, application/*+json, application/x-www-form-urlencoded, text/*, application/octet-stream'
  })
  const untyped = await app.inject({ method: 'POST', url: '/', headers: { 'content-length': '1' }, payload: 'x' })
  t.equal(untyped.statusCode, 415)
  t.match(untyped.json().message, /^Unsupported media type \(none\);/)
  const noBody = await app.inject({ method: 'POST', url: '/' })
  t.equal(noBody.statusCode, 200, 'a request without a body is not parsed at all')
})

t.test('disabled parsers leave the list and answer 415', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  const options = { json: false, form: false, text: false, binary: false } as const
  await app.register(body, options)
  app.post('/', async (request) => request.body)
  t.same(acceptedMediaTypes(options), [])
  for (const type of ['application/json', 'application/a+json', 'application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream']) {
    const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': type }, payload: '{}' })
    t.equal(response.statusCode, 415, type)
    t.equal(response.json().message, `Unsupported media type ${type}; accepted: `)
  }
})

t.test('the default list is exported', async t => {
  t.same(acceptedMediaTypes(), DEFAULT_ACCEPTED_MEDIA_TYPES)
  t.same(acceptedMediaTypes({ form: false }), ['application/json', 'application/*+json', 'text/*', 'application/octet-stream'])
})

t.test('parsers other plugins add after body still win for their type', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => { done(null, 'custom') })
  app.post('/', async (request) => request.body)
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: 'x' })
  t.equal(response.body, 'custom')
})
