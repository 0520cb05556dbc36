import t, { type Test } from 'tap'
import { rmSync } from 'node:fs'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import routing from '@groundwork/routing'
import staticFiles, { type StaticOptions } from '../src/index.js'

const files = { 'index.html': '<app>', 'styles.css': 'body{}', 'app.3f9a1c2b.js': 'js', '.env': 'SECRET', docs: { 'a.txt': 'a' } }

/** The demo's order: routing first, static with a root, then the API routes. */
async function demoLike (t: Test, options: Partial<StaticOptions> = {}, autoOptions = true) {
  const root = t.testdir(files)
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing, { autoOptions })
  await app.register(staticFiles, { root, ...options })
  await app.register(async (api) => {
    api.get('/users', async () => [])
    api.post('/users', async () => ({}))
  }, { prefix: '/api' })
  return { app, root }
}

const options = (app: FastifyInstance, url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'OPTIONS', url, headers })

for (const hotCache of [true, false]) {
  t.test(`OPTIONS on a path that names a file gets 204 with Allow (hotCache: ${hotCache})`, async t => {
    const { app } = await demoLike(t, { hotCache })
    for (const url of ['/styles.css', '/styles.css?v=1', '/app.3f9a1c2b.js', '/', '/index.html']) {
      const response = await options(app, url)
      t.equal(response.statusCode, 204, url)
      t.equal(response.headers.allow, 'GET, HEAD, OPTIONS', url)
      t.equal(response.body, '')
    }
    await app.inject('/styles.css') // now from memory when the cache is on
    t.equal((await options(app, '/styles.css')).statusCode, 204)
  })

  t.test(`OPTIONS on a path that names no file keeps its 404 (hotCache: ${hotCache})`, async t => {
    const { app } = await demoLike(t, { hotCache })
    for (const url of ['/missing.css', '/docs', '/docs/', '/.env', '/%2e%2e/x']) {
      const response = await options(app, url)
      t.equal(response.statusCode, 404, url)
      t.equal(response.json().code, 'GW_ROUTING_NOT_FOUND', url)
    }
    // No OPTIONS route matches, so Fastify's router refuses invalid UTF-8 itself, before any handler.
    t.equal((await options(app, '/%c0%ae')).json().code, 'FST_ERR_BAD_URL')
  })

  t.test(`405 on a file lists OPTIONS once routing answers it (hotCache: ${hotCache})`, async t => {
    const { app } = await demoLike(t, { hotCache })
    const response = await app.inject({ method: 'POST', url: '/styles.css' })
    t.equal(response.statusCode, 405)
    t.equal(response.headers.allow, 'GET, HEAD, OPTIONS')
    t.equal(response.json().code, 'GW_STATIC_METHOD_NOT_ALLOWED')
  })
}

t.test('the API keeps routing\'s own answers', async t => {
  const { app } = await demoLike(t)
  const users = await options(app, '/api/users')
  t.equal(users.statusCode, 204)
  t.equal(users.headers.allow, 'GET, HEAD, OPTIONS, POST')
  t.equal((await options(app, '/api/nope')).statusCode, 404)
  const put = await app.inject({ method: 'PUT', url: '/api/users' })
  t.equal(put.statusCode, 405)
  t.equal(put.headers.allow, 'GET, HEAD, OPTIONS, POST')
})

t.test('a file with the same path as a route adds GET and HEAD to its Allow', async t => {
  const root = t.testdir({ upload: 'a file named upload' })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  await app.register(staticFiles, { root })
  app.post('/upload', async () => 'ok')
  t.equal((await app.inject('/upload')).body, 'a file named upload')
  t.equal((await options(app, '/upload')).headers.allow, 'GET, HEAD, OPTIONS, POST')
})

t.test('with autoOptions: false, OPTIONS stays 404 and 405 does not list it', async t => {
  const { app } = await demoLike(t, {}, false)
  t.equal((await options(app, '/styles.css')).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: '/styles.css' })).headers.allow, 'GET, HEAD')
})

t.test('under a prefix, only that prefix is asked', async t => {
  const root = t.testdir(files)
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  await app.register(staticFiles, { root, prefix: '/assets' })
  t.equal((await options(app, '/assets/styles.css')).statusCode, 204)
  t.equal((await options(app, '/styles.css')).statusCode, 404)
})

for (const hotCache of [true, false]) {
  t.test(`OPTIONS follows GET as files come and go (hotCache: ${hotCache})`, async t => {
    const { app, root } = await demoLike(t, { hotCache: hotCache && { revalidateMs: 60_000 } })
    t.equal((await app.inject('/styles.css')).statusCode, 200)
    rmSync(path.join(root, 'styles.css'))
    // From memory, GET keeps serving the file for revalidateMs; from disk it is gone at once. OPTIONS agrees.
    const get = await app.inject('/styles.css')
    const answer = await options(app, '/styles.css')
    t.equal(get.statusCode, hotCache ? 200 : 404)
    t.equal(answer.statusCode, hotCache ? 204 : 404)
  })
}

t.test('a stale cache entry is checked on disk, as GET checks it', async t => {
  const { app, root } = await demoLike(t, { hotCache: { revalidateMs: 0 } })
  await app.inject('/styles.css')
  rmSync(path.join(root, 'styles.css'))
  t.equal((await options(app, '/styles.css')).statusCode, 404)
  t.equal((await app.inject({ method: 'POST', url: '/styles.css' })).statusCode, 404)
  t.equal((await app.inject('/styles.css')).statusCode, 404)
})

for (const hotCache of [true, false]) {
  t.test(`on SPA routes, OPTIONS answers where GET with the same headers serves the index (hotCache: ${hotCache})`, async t => {
    const { app } = await demoLike(t, { hotCache, spa: true })
    const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }
    const cases: Array<[url: string, headers: Record<string, string>, get: number, options: number]> = [
      ['/dashboard', html, 200, 204],
      ['/users/42/edit?tab=1', html, 200, 204],
      ['/dashboard', { accept: '*/*' }, 404, 404],
      ['/dashboard', {}, 404, 404],
      ['/api/missing', html, 404, 404],
      ['/missing.js', html, 404, 404],
      ['/.env', html, 404, 404]
    ]
    for (const [url, headers, get, answer] of cases) {
      t.equal((await app.inject({ url, headers })).statusCode, get, `GET ${url} ${JSON.stringify(headers)}`)
      const response = await options(app, url, headers)
      t.equal(response.statusCode, answer, `OPTIONS ${url} ${JSON.stringify(headers)}`)
      if (answer === 204) t.equal(response.headers.allow, 'GET, HEAD, OPTIONS')
    }
  })
}

t.test('an SPA whose index is missing serves nothing, and OPTIONS says so', async t => {
  const root = t.testdir({ 'a.txt': 'a' })
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(routing)
  await app.register(staticFiles, { root, spa: true, index: false })
  for (const url of ['/dashboard', '/']) {
    t.equal((await app.inject({ url, headers: { accept: 'text/html' } })).statusCode, 404, url)
    t.equal((await options(app, url, { accept: 'text/html' })).statusCode, 404, url)
  }
  t.equal((await options(app, '/a.txt')).statusCode, 204)
})
