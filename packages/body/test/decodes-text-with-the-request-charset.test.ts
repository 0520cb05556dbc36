import t, { type Test } from 'tap'
import Fastify from 'fastify'
import body, { type TextOptions } from '../src/index.js'

async function build (t: Test, text: TextOptions = {}) {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { text })
  app.post('/', async (request) => ({ type: request.mediaType, body: request.body }))
  return app
}

t.test('text/* is decoded with its charset', async t => {
  const app = await build(t)
  const cases: Array<[string, Buffer, string]> = [
    ['text/plain', Buffer.from('héllo ∑'), 'héllo ∑'],
    ['text/plain; charset=utf-8', Buffer.from('é'), 'é'],
    ['text/plain; charset=latin1', Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'café'],
    ['text/plain; charset="ISO-8859-1"', Buffer.from([0xe9]), 'é'],
    ['text/csv; charset=windows-1252', Buffer.from([0x80, 0x20, 0x93, 0x78, 0x94]), '€ “x”'],
    ['text/html; charset=utf-16le', Buffer.from('<p>∑</p>', 'utf16le'), '<p>∑</p>'],
    ['text/markdown;charset=UTF-16', Buffer.from('# ü', 'utf16le'), '# ü']
  ]
  for (const [type, payload, expected] of cases) {
    const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': type }, payload })
    t.equal(response.statusCode, 200, type)
    t.equal(response.json().body, expected, type)
  }
})

t.test('an unknown charset is a 415', async t => {
  const app = await build(t)
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'text/plain; charset=x-unknown' }, payload: 'a' })
  t.same(response.json(), { statusCode: 415, code: 'GW_BODY_UNSUPPORTED_CHARSET', error: 'Unsupported Media Type', message: 'Unsupported charset "x-unknown" for text' })
})

t.test('invalid bytes are a 400 when strict, replaced when not', async t => {
  const strict = await build(t)
  const bad = await strict.inject({ method: 'POST', url: '/', headers: { 'content-type': 'text/plain' }, payload: Buffer.from([0x61, 0xc3]) })
  t.same(bad.json(), { statusCode: 400, code: 'GW_BODY_INVALID_BYTES', error: 'Bad Request', message: 'Body contains bytes that are not valid utf-8' })
  const badUtf16 = await strict.inject({ method: 'POST', url: '/', headers: { 'content-type': 'text/plain; charset=utf-16le' }, payload: Buffer.from([0x00, 0xd8]) })
  t.equal(badUtf16.json().message, 'Body contains bytes that are not valid utf-16le')
  const lenient = await build(t, { strict: false })
  const replaced = await lenient.inject({ method: 'POST', url: '/', headers: { 'content-type': 'text/plain' }, payload: Buffer.from([0x61, 0xc3]) })
  t.equal(replaced.json().body, 'a\ufffd')
  const replaced16 = await lenient.inject({ method: 'POST', url: '/', headers: { 'content-type': 'text/plain; charset=utf-16le' }, payload: Buffer.from([0x00, 0xd8]) })
  t.equal(replaced16.json().body, '\ufffd')
})

t.test('defaultCharset applies when text has none', async t => {
  const app = await build(t, { defaultCharset: 'latin1' })
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'text/plain' }, payload: Buffer.from([0xe9]) })
  t.equal(response.json().body, 'é')
})
