/// <reference lib="dom" />
// The page's live stats over server-sent events, in real Chromium: pushed, not polled; a visible notice
// while the server drains; back on their own once a server answers on the same address again.
import t from 'tap'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { chromium, type BrowserContext } from 'playwright-core'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

t.setTimeout(180_000)

const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

async function start (port: number): Promise<FastifyInstance> {
  const app = await buildApp(loadConfig({}))
  await app.listen({ port, host: '127.0.0.1' })
  return app
}

const apps: FastifyInstance[] = []
const first = await start(0)
apps.push(first)
const { port } = first.server.address() as { port: number }
const origin = `http://127.0.0.1:${port}`

const profile = await mkdtemp(path.join(tmpdir(), 'groundwork-chromium-'))
const browser: BrowserContext = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic']
})

t.teardown(async () => {
  await browser.close()
  for (const app of apps) await app.close()
  await rm(profile, { recursive: true, force: true })
})

t.test('stats arrive over /api/events with no polling; a drain shows a notice; the page reconnects to the next server', async t => {
  const page = await browser.newPage()
  t.teardown(() => page.close())
  const errors: string[] = []
  const violations: string[] = []
  const requests: string[] = []
  page.on('pageerror', error => { errors.push(error.message) })
  page.on('console', message => {
    if (/content security policy/i.test(message.text())) violations.push(`console: ${message.text()}`)
  })
  page.on('request', request => { requests.push(new URL(request.url()).pathname) })
  const eventStatuses: number[] = []
  page.on('response', response => { if (new URL(response.url()).pathname === '/api/events') eventStatuses.push(response.status()) })
  await page.exposeFunction('reportCspViolation', (violation: string) => { violations.push(violation) })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', event => {
      (window as unknown as { reportCspViolation: (v: string) => void }).reportCspViolation(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`)
    })
  })
  await page.goto(origin)

  // Live: the numbers come, then change, over the one stream.
  await page.waitForFunction(() => document.querySelector('#stat-requests')?.textContent !== '–')
  t.equal(await page.textContent('#stat-streams'), '1', 'the page\'s own event stream is counted')
  const updated = await page.textContent('#stats-updated')
  t.match(updated, new RegExp(`^pid ${process.pid}, updated `))
  await page.waitForFunction((before) => document.querySelector('#stats-updated')?.textContent !== before, updated)
  const uptime = await page.textContent('#stat-uptime')
  await page.waitForFunction((before) => document.querySelector('#stat-uptime')?.textContent !== before, uptime)
  t.equal(requests.filter(p => p === '/api/stats').length, 0, 'no GET /api/stats: the stats are pushed, not polled')
  t.equal(requests.filter(p => p === '/api/events').length, 1, 'one event stream, held open')
  t.ok(await page.isHidden('#drain-notice'), 'no notice while the server serves')

  // The server drains: the stream's last event says so, and the page shows it.
  const shutdown = first.shutdown('browser test')
  await page.waitForSelector('#drain-notice', { state: 'visible' })
  t.match(await page.textContent('#drain-notice'), /draining/)
  t.match(await shutdown, { exitCode: 0, timedOut: false })

  // Nothing listens on the port for a while, then something that is not the app answers 503 (as a proxy
  // with no backend does). A browser gives up on an event stream answered 503 (readyState CLOSED); the
  // page must open a new one itself.
  await new Promise(resolve => setTimeout(resolve, 1500))
  t.ok(await page.isVisible('#drain-notice'), 'still shown while no server answers')
  const stand = createServer((_request, response) => { response.writeHead(503, { connection: 'close' }).end() })
  stand.listen(port, '127.0.0.1')
  await once(stand, 'listening')
  await page.waitForFunction(() => !document.querySelector('#drain-notice')?.hasAttribute('hidden'))
  const deadline = Date.now() + 20_000
  while (!eventStatuses.includes(503) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50))
  t.ok(eventStatuses.includes(503), 'a reconnect was answered 503')
  await new Promise(resolve => setTimeout(resolve, 1500))
  t.ok(await page.isVisible('#drain-notice'), 'still shown')
  stand.closeAllConnections()
  await new Promise(resolve => stand.close(resolve))

  // A new server on the same address: the page reconnects by itself, drops the notice, and the numbers move again.
  const second = await start(port)
  apps.push(second)
  await page.waitForSelector('#drain-notice', { state: 'hidden', timeout: 30_000 })
  const back = await page.textContent('#stats-updated')
  t.match(back, /^pid \d+, updated /)
  await page.waitForFunction((before) => document.querySelector('#stats-updated')?.textContent !== before, back)
  t.equal(await page.getAttribute('#stats', 'data-state'), 'live')
  t.equal(requests.filter(p => p === '/api/stats').length, 0, 'still no polling')
  t.same(errors, [], 'no script errors')
  t.same(violations, [], 'no Content-Security-Policy violations')
})
