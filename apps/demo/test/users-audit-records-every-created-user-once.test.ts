import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

t.test('USERS_AUDIT_FILE gets one JSON line per created user, none for a refused one', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'gw-demo-audit-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const file = join(dir, 'audit.jsonl')
  const app = await buildApp(loadConfig({ USERS_AUDIT_FILE: file, MAX_USERS: '2' }))
  const post = (email: string) => app.inject({ method: 'POST', url: '/api/users', payload: { name: 'Ada', email } })

  t.equal((await post('a@example.com')).statusCode, 201)
  t.equal((await post('not an address')).statusCode, 400)
  t.equal((await post('b@example.com')).statusCode, 201)
  t.equal((await post('c@example.com')).statusCode, 409, 'the store is full')
  await app.close()

  const lines = (await readFile(file, 'utf8')).trimEnd().split('\n').map(line => JSON.parse(line) as { id: number, email: string })
  t.same(lines.map(line => [line.id, line.email]), [[1, 'a@example.com'], [2, 'b@example.com']])

  const again = await buildApp(loadConfig({ USERS_AUDIT_FILE: file }))
  t.equal((await again.inject({ method: 'POST', url: '/api/users', payload: { name: 'Ada', email: 'd@example.com' } })).statusCode, 201)
  await again.close()
  t.equal((await readFile(file, 'utf8')).trimEnd().split('\n').length, 3, 'a restarted app appends to the same file')
})

t.test('without USERS_AUDIT_FILE nothing is written', async t => {
  const config = loadConfig({})
  t.equal(config.usersAuditFile, undefined)
  const app = await buildApp(config)
  t.teardown(() => app.close())
  t.equal(app.users.audit, undefined)
})
