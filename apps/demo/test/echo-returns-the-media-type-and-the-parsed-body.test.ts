import t from 'tap'
import { createHash } from 'node:crypto'
import { buildApp } from '../src/app.js'
import { testConfig } from './helpers/config.js'

t.test('JSON comes back parsed, with its media type', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'POST', url: '/api/echo', payload: { hello: ['world', 1] } })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { type: 'application/json', body: { hello: ['world', 1] } })
})

t.test('the media type drops parameters and case', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject({
    method: 'POST',
    url: '/api/echo',
    headers: { 'content-type': 'Application/JSON; charset=utf-8' },
    payload: '{"a":1}'
  })
  t.same(response.json(), { type: 'application/json', body: { a: 1 } })
})

t.test('a binary body is described by its size and sha256', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 253, 254, 255])
  const response = await app.inject({
    method: 'POST',
    url: '/api/echo',
    headers: { 'content-type': 'application/octet-stream' },
    payload: bytes
  })
  t.equal(response.statusCode, 200)
  t.same(response.json(), {
    type: 'application/octet-stream',
    body: { bytes: 9, sha256: createHash('sha256').update(bytes).digest('hex') }
  })
})

t.test('a url-encoded form comes back as an object', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject({
    method: 'POST',
    url: '/api/echo',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'a=1&b=two'
  })
  t.equal(response.statusCode, 200)
  t.match(response.json(), { type: 'application/x-www-form-urlencoded', body: { a: '1', b: 'two' } })
})

t.test('text is decoded with its charset, and +json is JSON', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const text = await app.inject({
    method: 'POST',
    url: '/api/echo',
    headers: { 'content-type': 'text/plain; charset=latin1' },
    payload: Buffer.from([0x63, 0x61, 0x66, 0xe9])
  })
  t.same(text.json(), { type: 'text/plain', body: 'café' })
  const patch = await app.inject({
    method: 'POST',
    url: '/api/echo',
    headers: { 'content-type': 'application/merge-patch+json' },
    payload: '{"name":null}'
  })
  t.same(patch.json(), { type: 'application/merge-patch+json', body: { name: null } })
})

t.test('no body at all echoes nulls', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'POST', url: '/api/echo' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { type: null, body: null })
})

t.test('an unsupported media type is refused with 415, not echoed', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const response = await app.inject({
    method: 'POST',
    url: '/api/echo',
    headers: { 'content-type': 'application/x-unknown' },
    payload: 'x'
  })
  t.equal(response.statusCode, 415)
})

t.test('a body over BODY_LIMIT is refused with 413', async t => {
  const app = await buildApp(testConfig({ bodyLimit: 64 }))
  t.teardown(() => app.close())
  const response = await app.inject({ method: 'POST', url: '/api/echo', payload: { text: 'x'.repeat(200) } })
  t.equal(response.statusCode, 413)
})
