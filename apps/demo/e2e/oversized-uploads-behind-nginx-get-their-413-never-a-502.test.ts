// Scenario 8: uploads over the app's body limit, through the shipped deploy/nginx.conf. nginx sends
// the whole body upstream; the app answers 413 (or 415) long before the body ends. Without lingering
// close the app's socket was reset under nginx's writes and nginx answered 502 ("writev() failed
// (32: Broken pipe) while sending request to upstream"). Every answer must be the app's coded 4xx.
import { request } from 'node:http'
import t from 'tap'
import { freePort, killAll, startDemo } from './lib/demo.js'
import { startNginx } from './lib/proxies.js'

const bodyLimit = 16 * 1024
// Under nginx's default client_max_body_size (1 MiB, which deploy/nginx.conf keeps), so nginx passes it on.
const uploadBytes = 1_040_000
const uploads = 100
const concurrency = 5

interface Answer { status: number, code: string | undefined }

async function upload (port: number, type: string, body: Buffer): Promise<Answer> {
  return await new Promise((resolve, reject) => {
    const outgoing = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/echo',
      agent: false,
      timeout: 30_000,
      headers: { 'content-type': type, 'content-length': body.length }
    }, response => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', chunk => { text += chunk })
      response.on('end', () => {
        let code: string | undefined
        try { code = (JSON.parse(text) as { code?: string }).code } catch { code = undefined }
        resolve({ status: response.statusCode ?? 0, code })
      })
    })
    outgoing.on('timeout', () => outgoing.destroy(new Error('no answer within 30 s')))
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}

t.test('oversized uploads through nginx all get the app\'s 413 or 415, never a 502', async t => {
  const demo = await startDemo({ env: { BODY_LIMIT: String(bodyLimit) } })
  t.teardown(() => killAll([demo]))
  const nginx = await startNginx(await freePort(), [demo.port, demo.port])
  t.teardown(() => nginx.stop())
  const proxyPort = nginx.port
  const body = Buffer.alloc(uploadBytes, 'a')

  const statuses = new Map<string, number>()
  const unexpected: string[] = []
  let next = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < uploads) {
      const index = next++
      // Every fifth upload has a media type the app does not accept: 415, also before the body is read.
      const unsupported = index % 5 === 4
      const answer = await upload(proxyPort, unsupported ? 'application/x-groundwork-unknown' : 'application/octet-stream', body)
      const key = `${answer.status} ${answer.code ?? '(no code)'}`
      statuses.set(key, (statuses.get(key) ?? 0) + 1)
      const expected = unsupported ? '415 GW_BODY_UNSUPPORTED_MEDIA_TYPE' : '413 GW_BODY_TOO_LARGE'
      if (key !== expected) unexpected.push(`upload ${index}: expected ${expected}, got ${key}`)
    }
  }))

  const summary = `oversized uploads via nginx: ${[...statuses].map(([key, count]) => `${key} × ${count}`).join(', ')}`
  t.comment(summary)
  process.stderr.write(summary + '\n')
  t.same(unexpected, [], `expected every upload to get the app's coded 4xx:\n${unexpected.slice(0, 10).join('\n')}\n${nginx.output().slice(-2000)}`)
  t.equal([...statuses.values()].reduce((a, b) => a + b, 0), uploads)
  const live = await fetch(`http://127.0.0.1:${proxyPort}/health/live`)
  t.equal(live.status, 200, 'the app still answers through nginx')
})
