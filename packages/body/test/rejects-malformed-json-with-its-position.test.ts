import t from 'tap'
import fc from 'fast-check'
import Fastify from 'fastify'
import body from '../src/index.js'
import { describeJsonError, locateJsonError } from '../src/json.js'

t.test('malformed JSON is a 400 that gives the position, not the input', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => request.body)
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: '{"secret": tru }' })
  t.equal(response.statusCode, 400)
  t.same(response.json(), {
    statusCode: 400,
    code: 'GW_BODY_INVALID_JSON',
    error: 'Bad Request',
    message: 'Body is not valid JSON: unexpected character at position 11'
  })
  const truncated = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: '[1, 2' })
  t.equal(truncated.json().message, 'Body is not valid JSON: unexpected end of input at position 5')
})

t.test('the position is where the text stops being JSON', async t => {
  const cases: Array<[string, number]> = [
    ['', 0], [' ', 1], ['x', 0], ['{', 1], ['{"a"', 4], ['{"a":', 5], ['{"a":1,}', 7], ['{"a" 1}', 5], ['{1:2}', 1],
    ['[1,]', 3], ['[1 2]', 3], ['[1}', 2], ['{"a":1]', 6], ['"abc', 4], ['"a\u0001"', 2], ['"\\x"', 2], ['"\\', 2],
    ['"\\u12g4"', 3], ['"\\u0041', 7], ['"\\u12"', 3], ['01', 1], ['-', 0], ['1.', 1], ['1e', 1], ['tru', 0], ['nul', 0], ['[] []', 3], ['{}}', 2], ['[[]', 3]
  ]
  for (const [text, position] of cases) {
    t.equal(locateJsonError(text), position, JSON.stringify(text))
  }
  t.equal(describeJsonError('[1,'), 'unexpected end of input at position 3')
})

t.test('the locator accepts exactly what JSON.parse accepts', async t => {
  const jsonish = fc.oneof(
    fc.json(),
    fc.json().map(text => text.slice(0, Math.max(0, text.length - 1))),
    fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ',', ':', '1', 'e', '-', '.', ' ', 'a', '\\', 'n', 'u', 'true', 'null') })
  )
  fc.assert(fc.property(jsonish, text => {
    let valid = true
    try { JSON.parse(text) } catch { valid = false }
    const position = locateJsonError(text)
    if (valid) return position === text.length
    return position <= text.length
  }), { numRuns: 3000 })
  t.pass('agreed on every generated text')
})
