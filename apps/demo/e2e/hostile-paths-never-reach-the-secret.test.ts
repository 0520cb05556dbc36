// Scenario 3: traversal in every encoding we know against the static root, with a secret planted
// beside it (and a dotfile and an escaping symlink inside it): no response carries a secret, none is 5xx.
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { killAll, startDemo } from './lib/demo.js'
import { describe, rawExchange } from './lib/raw-http.js'

const traversals = [
  '/../secret.txt',
  '/../../secret.txt',
  '/%2e%2e/secret.txt',
  '/%2E%2E/secret.txt',
  '/%2e%2e%2fsecret.txt',
  '/..%2fsecret.txt',
  '/..%2Fsecret.txt',
  '/%2e./secret.txt',
  '/.%2e/secret.txt',
  '/..%5csecret.txt',
  '/..\\secret.txt',
  '/%5c..%5csecret.txt',
  '/%252e%252e%252fsecret.txt',
  '/..%252fsecret.txt',
  '/..%255csecret.txt',
  '/%c0%ae%c0%ae/secret.txt',
  '/%c0%ae%c0%ae%c0%afsecret.txt',
  '/..%c0%afsecret.txt',
  '/..%c1%9csecret.txt',
  '/%e0%80%ae%e0%80%ae/secret.txt',
  '/%u002e%u002e/secret.txt',
  '/..%00/secret.txt',
  '/%00../secret.txt',
  '/../secret.txt%00.html',
  '/./../secret.txt',
  '/....//secret.txt',
  '/..;/secret.txt',
  '//../secret.txt',
  '/index.html/../../secret.txt',
  '/assets/../../secret.txt',
  '/../public-secret/secret.txt',
  '/%2e%2e/public-secret/secret.txt',
  '/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
  '/../../../../../../etc/passwd',
  '/escape',
  '/escape/',
  '/.env',
  '/%2eenv',
  '/.%65nv',
  'http://127.0.0.1/../secret.txt'
]

t.test('no traversal reaches a secret', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'gw-e2e-paths-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const secret = `SECRET-${randomBytes(12).toString('hex')}`
  const root = join(dir, 'public')
  await mkdir(root)
  await mkdir(join(dir, 'public-secret'))
  await writeFile(join(root, 'index.html'), '<!doctype html><title>e2e</title><p>hello</p>\n')
  await writeFile(join(root, '.env'), `TOKEN=${secret}\n`)
  await writeFile(join(dir, 'secret.txt'), `${secret}\n`)
  await writeFile(join(dir, 'public-secret', 'secret.txt'), `${secret}\n`)
  await symlink(join(dir, 'secret.txt'), join(root, 'escape'))

  const demo = await startDemo({ env: { PUBLIC_DIR: root } })
  t.teardown(() => killAll([demo]))

  const sanity = await rawExchange(demo.port, ['GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'])
  t.equal(sanity.responses[0]?.status, 200, `expected the planted root to be served (GET /index.html 200), got ${describe(sanity)}`)

  const statuses: Record<string, number> = {}
  let leaked = 0
  for (const target of traversals) {
    for (const method of ['GET', 'HEAD']) {
      const result = await rawExchange(demo.port, [`${method} ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`])
      const status = result.responses[0]?.status
      const text = result.raw.toString('latin1')
      t.ok(status !== undefined, `expected an HTTP response to ${method} ${target}, got ${describe(result)}`)
      t.ok(status === undefined || status < 500, `expected no 5xx for ${method} ${target}, got ${describe(result)}`)
      t.notOk(text.includes(secret), `expected no secret in the response to ${method} ${target}, got ${describe(result)}`)
      t.notOk(/root:.*:0:0:/.test(text), `expected no /etc/passwd in the response to ${method} ${target}, got ${describe(result)}`)
      if (text.includes(secret) || /root:.*:0:0:/.test(text)) leaked++
      const key = String(status)
      statuses[key] = (statuses[key] ?? 0) + 1
    }
  }
  t.notOk(demo.hasExited(), 'expected the server to stay up.', { output: demo.output() })
  const summary = `hostile-paths: requests=${traversals.length * 2} encodings=${traversals.length} leaked=${leaked} statuses=${JSON.stringify(statuses)}`
  t.comment(summary)
  process.stderr.write(summary + '\n')
})
