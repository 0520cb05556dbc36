import t from 'tap'
import Fastify from 'fastify'
import fastifyStatic from '@fastify/static'
import path from 'node:path'
import staticFiles from '../src/index.js'

t.test('several registrations with different roots and prefixes share nothing', async t => {
  const dir = t.testdir({
    web: { 'index.html': '<web>', 'a.txt': 'web-a' },
    assets: { 'a.txt': 'assets-a', 'logo.3f9a1c2b.svg': '<svg/>' },
    docs: { 'index.html': '<docs>' }
  })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(staticFiles, { root: path.join(dir, 'web'), spa: true })
  await app.register(staticFiles, { root: path.join(dir, 'assets'), prefix: '/assets', hotCache: false })
  await app.register(async scope => {
    await scope.register(staticFiles, { root: path.join(dir, 'docs'), prefix: '/docs/' })
  }, { prefix: '/v1' })

  t.equal((await app.inject('/a.txt')).body, 'web-a')
  t.equal((await app.inject('/assets/a.txt')).body, 'assets-a')
  t.equal((await app.inject('/assets/logo.3f9a1c2b.svg')).headers['cache-control'], 'public, max-age=31536000, immutable')
  t.equal((await app.inject('/v1/docs/')).body, '<docs>')
  t.equal((await app.inject('/assets/missing.txt')).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: '/assets/a.txt' })).statusCode, 405)
  t.equal((await app.inject({ method: 'POST', url: '/v1/docs/index.html' })).statusCode, 405)
  t.equal((await app.inject({ url: '/somewhere', headers: { accept: 'text/html' } })).body, '<web>')
  t.equal(app.hasReplyDecorator('sendFile'), false, 'no decorator leaks to the app')
})

t.test('works next to a @fastify/static registered by the app', async t => {
  const dir = t.testdir({ mine: { 'big.txt': 'm'.repeat(100) }, theirs: { 't.txt': 'theirs' } })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(fastifyStatic, { root: path.join(dir, 'theirs'), prefix: '/theirs/' })
  await app.register(staticFiles, { root: path.join(dir, 'mine'), prefix: '/mine', hotCache: false })
  t.equal((await app.inject('/theirs/t.txt')).body, 'theirs')
  const mine = await app.inject('/mine/big.txt')
  t.equal(mine.body, 'm'.repeat(100))
  t.equal(mine.headers['x-content-type-options'], 'nosniff')
  t.equal(mine.headers['cache-control'], 'public, max-age=0')
})
