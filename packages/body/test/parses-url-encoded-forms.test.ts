import t, { type Test } from 'tap'
import Fastify from 'fastify'
import body, { type FormOptions } from '../src/index.js'

const FORM = 'application/x-www-form-urlencoded'

async function post (t: Test, payload: string | Buffer, form: FormOptions = {}, type = FORM) {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body, { form })
  app.post('/', async (request) => request.body)
  return app.inject({ method: 'POST', url: '/', headers: { 'content-type': type }, payload })
}

t.test('pairs, repeated keys, plus signs and escapes', async t => {
  const response = await post(t, 'a=1&b=x+y&a=2&a=3&c=%C3%A9%2B%26&empty=&flag&&=anon&d=%3D')
  t.equal(response.statusCode, 200)
  t.same(response.json(), { a: ['1', '2', '3'], b: 'x y', c: 'é+&', empty: '', flag: '', '': 'anon', d: '=' })
})

t.test('an empty form is an empty object that inherits nothing', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/', async (request) => {
    const form = request.body as Record<string, unknown>
    return { inherits: 'toString' in form || 'hasOwnProperty' in form || '__proto__' in form, body: form }
  })
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': FORM }, payload: '' })
  t.same(response.json(), { inherits: false, body: {} })
})

t.test('keys stay literal unless nested is enabled', async t => {
  const response = await post(t, 'a[b]=1&a[]=2')
  t.same(response.json(), { 'a[b]': '1', 'a[]': '2' })
})

t.test('nested keys build objects and arrays', async t => {
  const response = await post(t, 'user[name]=Ada&user[langs][]=en&user[langs][]=fr&user[a][b][c]=deep&tags[]=x&one[]=1&x=1&x[=2&x[y]z=3&n[0]=a&m[a[b]]=4', { nested: true })
  t.equal(response.statusCode, 200)
  t.same(response.json(), {
    user: { name: 'Ada', langs: ['en', 'fr'], a: { b: { c: 'deep' } } },
    tags: ['x'],
    one: ['1'],
    x: '1',
    'x[': '2',
    'x[y]z': '3',
    'm[a[b]]': '4',
    n: { 0: 'a' }
  })
  const merged = await post(t, 'a=1&a[]=2&a[]=3', { nested: true })
  t.same(merged.json(), { a: ['1', '2', '3'] })
})

t.test('conflicting and malformed nested keys are a 400', async t => {
  const long = 'k'.repeat(50)
  const truncated = await post(t, `${long}[x]=1&${long}=2`, { nested: true })
  t.equal(truncated.json().message, `Body is not a valid url-encoded form: key "${'k'.repeat(40)}..." is both a value and an object`)
  for (const payload of ['a=1&a[b]=2', 'a[b]=2&a=1', 'a[b]=1&a[b][c]=2', 'a[][b]=1', 'a[b][][]=1', 'a[b]=1&a[]=2']) {
    const response = await post(t, payload, { nested: true })
    t.equal(response.statusCode, 400, payload)
    t.equal(response.json().code, 'GW_BODY_INVALID_FORM', payload)
  }
})

t.test('malformed percent-encoding is a 400', async t => {
  for (const payload of ['a=%zz', '%E0%A4%A=1', 'a=%']) {
    const response = await post(t, payload)
    t.equal(response.statusCode, 400)
    t.same(response.json(), { statusCode: 400, code: 'GW_BODY_INVALID_FORM', error: 'Bad Request', message: 'Body is not a valid url-encoded form: malformed percent-encoding' })
  }
})

t.test('forms are UTF-8: invalid bytes are a 400 and another charset a 415', async t => {
  const invalid = await post(t, Buffer.from([0x61, 0x3d, 0xff]))
  t.equal(invalid.statusCode, 400)
  t.equal(invalid.json().code, 'GW_BODY_INVALID_BYTES')
  const utf8 = await post(t, 'a=%C3%A9', {}, `${FORM}; charset=UTF-8`)
  t.same(utf8.json(), { a: 'é' })
  const latin1 = await post(t, 'a=b', {}, `${FORM}; charset=latin1`)
  t.equal(latin1.statusCode, 415)
  t.equal(latin1.json().message, 'Unsupported charset "latin1" for forms (UTF-8 only)')
})
