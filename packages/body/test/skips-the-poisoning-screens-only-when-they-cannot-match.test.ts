import t from 'tap'
import fc from 'fast-check'
import { mayPoison, SUSPECT_CONSTRUCTOR, SUSPECT_PROTO } from '../src/json.js'

const screens = (text: string): boolean => SUSPECT_PROTO.test(text) || SUSPECT_CONSTRUCTOR.test(text)

// Strings made of the pieces the screens look for, so that near misses and escaped spellings are common.
const pieces = ['"', ':', ' ', '_', '__proto__', 'constructor', 'proto', 'prototype', '\\u005f', '\\u005F', '\\u0070',
  '\\u0063', '\\u006f', '\\u006E', '\\u', '\\', 'u', 'c', 'o', 'n', 's', 't', 'r', 'p', '{', '}', 'x']
const suspiciousText = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map(parts => parts.join(''))

t.test('the quick check never hides a key the screens would catch', async t => {
  fc.assert(fc.property(suspiciousText, text => mayPoison(text) === screens(text)), { numRuns: 20_000 })
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), text => mayPoison(text) === screens(text)), { numRuns: 5_000 })
  t.pass('20,000 suspicious and 5,000 random strings agree')
})

t.test('known spellings are caught and ordinary text is skipped', async t => {
  t.equal(mayPoison('{"__proto__": {}}'), true)
  t.equal(mayPoison('{"\\u005f_proto__": {}}'), true)
  t.equal(mayPoison('{"constructor" : {"prototype": 1}}'), true)
  t.equal(mayPoison('{"users":[{"id":1,"name":"User 1"}]}'), false)
  t.equal(mayPoison('{"note":"a constructor, not a key"}'), false, 'spelled out but not a key: the screens decide')
  t.equal(mayPoison('{"path":"C:\\\\users"}'), false, 'an escaped backslash before a u: the screens decide')
})
