import t from 'tap'
import { request } from 'undici'
import { start } from './fixtures/child.js'
import { sleep } from './fixtures/helpers.js'

t.test('the deadline logs the open requests and exits 1', async t => {
  const child = await start({ TIMEOUT: '1500', HANG_ON_CLOSE: '1' })
  const slow = request(`http://127.0.0.1:${child.port}/slow?ms=30000`).catch((error: Error) => error)
  await sleep(200)
  const sent = child.signal('SIGTERM')
  const { code, at } = await child.exited
  t.equal(code, 1)
  t.ok(at - sent >= 1400, `not before the timeout (${Math.round(at - sent)} ms)`)
  const deadline = child.logs.find(line => (line.err as { code?: string } | undefined)?.code === 'GW_GRACEFUL_CLOSE_DEADLINE')
  t.match(deadline, { level: 50, openRequests: [{ method: 'GET', url: '/slow?ms=30000' }] })
  t.type(await slow, Error)
})

t.test('a hanging onClose hook alone also hits the deadline', async t => {
  const child = await start({ TIMEOUT: '800', CLOSE_IDLE_AFTER: '100', HANG_ON_CLOSE: '1' })
  child.signal('SIGTERM')
  const { code } = await child.exited
  t.equal(code, 1)
  t.match(child.logs.find(line => (line.err as { code?: string } | undefined)?.code === 'GW_GRACEFUL_CLOSE_DEADLINE'), { phase: 'closing', openRequests: [] })
})
