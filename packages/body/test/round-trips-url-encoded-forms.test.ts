import t from 'tap'
import fc from 'fast-check'
import { parseForm, type FormBody } from '../src/form.js'

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype'])
const text = fc.string({ unit: fc.oneof(fc.constantFrom('&', '=', '+', '%', ' ', '[', ']'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 12 })
const flatKey = text.filter(key => !FORBIDDEN.has(key))
const nestedKey = flatKey.filter(key => key !== '' && !key.includes('[') && !key.includes(']'))
const values = fc.oneof(text, fc.array(text, { minLength: 2, maxLength: 4 }))

function encode (form: FormBody, prefix?: string): string[] {
  const pairs: string[] = []
  for (const [key, value] of Object.entries(form)) {
    const name = prefix === undefined ? encodeURIComponent(key) : `${prefix}[${encodeURIComponent(key)}]`
    if (typeof value === 'string') pairs.push(`${name}=${encodeURIComponent(value)}`)
    else if (Array.isArray(value)) for (const item of value) pairs.push(`${name}=${encodeURIComponent(item)}`)
    else pairs.push(...encode(value, name))
  }
  return pairs
}

const options = { nested: false, parameterLimit: Infinity, maxDepth: 5, onProtoPoisoning: 'error' as const }

t.test('flat forms: encode then parse gives the same object', async t => {
  fc.assert(fc.property(fc.dictionary(flatKey, values), form => {
    t.same(parseForm(encode(form).join('&'), options), form)
  }), { numRuns: 300 })
})

t.test('the space may be sent as +', async t => {
  fc.assert(fc.property(fc.dictionary(flatKey, text), form => {
    t.same(parseForm(encode(form).join('&').replace(/%20/g, '+'), options), form)
  }), { numRuns: 200 })
})

t.test('nested forms: encode then parse gives the same object', async t => {
  const { tree } = fc.letrec<{ tree: FormBody }>(tie => ({
    tree: fc.dictionary(nestedKey, fc.oneof({ depthSize: 'small', maxDepth: 3 }, values, tie('tree')), { minKeys: 1, maxKeys: 4 })
  }))
  fc.assert(fc.property(tree, form => {
    t.same(parseForm(encode(form).join('&'), { ...options, nested: true }), form)
  }), { numRuns: 300 })
})
