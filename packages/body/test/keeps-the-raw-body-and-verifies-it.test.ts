import t from 'tap'
import { createHmac } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import Fastify, { type FastifyRequest } from 'fastify'
import body from '../src/index.js'

const secret = 'shh'
const sign = (raw: Buffer | string) => createHmac('sha256', secret).update(raw).digest('hex')
function verify (request: FastifyRequest, raw: Buffer): void {
  if (request.headers['x-signature'] !== sign(raw)) throw new Error('bad signature: internal detail')
}

t.test('rawBody keeps the exact bytes beside the parsed body', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/hook', { config: { body: { rawBody: true } } }, async (request) => ({ raw: request.rawBody?.toString(), parsed: request.body }))
  app.post('/plain', async (request) => ({ raw: request.rawBody ?? null }))
  const payload = '{ "b": 1,  "a": 2 }'
  const response = await app.inject({ method: 'POST', url: '/hook', headers: { 'content-type': 'application/json' }, payload })
  t.same(response.json(), { raw: payload, parsed: { b: 1, a: 2 } })
  const plain = await app.inject({ method: 'POST', url: '/plain', headers: { 'content-type': 'application/json' }, payload })
  t.same(plain.json(), { raw: null })
  const zipped = await app.inject({ method: 'POST', url: '/hook', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, payload: gzipSync(payload) })
  t.same(zipped.json().raw, payload, 'the raw body is the decompressed entity')
})

t.test('verify sees the raw bytes; a throw is a 403 that leaks nothing', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/hook', { config: { body: { verify } } }, async (request) => request.body)
  const payload = '{"event":"paid"}'
  const good = await app.inject({ method: 'POST', url: '/hook', headers: { 'content-type': 'application/json', 'x-signature': sign(payload) }, payload })
  t.same(good.json(), { event: 'paid' })
  const bad = await app.inject({ method: 'POST', url: '/hook', headers: { 'content-type': 'application/json', 'x-signature': 'nope' }, payload })
  t.same(bad.json(), { statusCode: 403, code: 'GW_BODY_VERIFY_FAILED', error: 'Forbidden', message: 'Request body verification failed' })
})

t.test('an async verify is awaited; a rejection is a 403', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  app.post('/hook', {
    config: {
      body: {
        rawBody: true,
        verify: async (request, raw) => {
          await new Promise(resolve => setTimeout(resolve, 1))
          verify(request, raw)
        }
      }
    }
  }, async (request) => ({ parsed: request.body, raw: request.rawBody?.length }))
  const payload = 'a=1'
  const good = await app.inject({ method: 'POST', url: '/hook', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-signature': sign(payload) }, payload })
  t.same(good.json(), { parsed: { a: '1' }, raw: 3 })
  const bad = await app.inject({ method: 'POST', url: '/hook', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload })
  t.equal(bad.statusCode, 403)
  t.equal(bad.json().code, 'GW_BODY_VERIFY_FAILED')
})

t.test('route config composes with the route\'s own preParsing hooks', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(body)
  const seen: string[] = []
  app.post('/one', { config: { body: { rawBody: true } }, preParsing: async (_request, _reply, payload) => { seen.push('one'); return payload } }, async (request) => request.rawBody?.toString())
  app.post('/many', { config: { body: { rawBody: true } }, preParsing: [async (_request, _reply, payload) => { seen.push('many'); return payload }] }, async (request) => request.rawBody?.toString())
  t.equal((await app.inject({ method: 'POST', url: '/one', headers: { 'content-type': 'text/plain' }, payload: 'x' })).body, 'x')
  t.equal((await app.inject({ method: 'POST', url: '/many', headers: { 'content-type': 'text/plain' }, payload: 'y' })).body, 'y')
  t.same(seen, ['one', 'many'])
})
