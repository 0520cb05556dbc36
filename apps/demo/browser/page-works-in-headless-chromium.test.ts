/// <reference lib="dom" />
// The web page in a real browser: Debian's chromium driven by playwright-core. Run with `pnpm test:browser`.
import t from 'tap'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'

t.setTimeout(180_000)

const screenshots = fileURLToPath(new URL('../test-results/', import.meta.url))
const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

const app = await buildApp(loadConfig({}))
await app.listen({ port: 0, host: '127.0.0.1' })
const { port } = app.server.address() as { port: number }
const origin = `http://127.0.0.1:${port}`

const profile = await mkdtemp(path.join(tmpdir(), 'groundwork-chromium-'))
// A fresh profile directory every run (playwright passes it to chromium as --user-data-dir).
const browser: BrowserContext = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic'
  ]
})
await mkdir(screenshots, { recursive: true })

t.teardown(async () => {
  await browser.close()
  await app.close()
  await rm(profile, { recursive: true, force: true })
})

interface OpenedPage {
  page: Page
  errors: string[]
  /** Content-Security-Policy violations: the DOM's securitypolicyviolation events and the console's reports. */
  violations: string[]
  /** The Content-Security-Policy header the page itself arrived with. */
  csp: string | undefined
}

async function openPage (width: number, height: number): Promise<OpenedPage> {
  const page = await browser.newPage()
  await page.setViewportSize({ width, height })
  const errors: string[] = []
  const violations: string[] = []
  page.on('pageerror', error => { errors.push(error.message) })
  page.on('console', message => {
    if (/content security policy/i.test(message.text())) violations.push(`console: ${message.text()}`)
  })
  // Bindings and init scripts come from the DevTools protocol, which the page's CSP does not govern,
  // and the binding outlives navigations (the form post's 303 loads a new document).
  await page.exposeFunction('reportCspViolation', (violation: string) => { violations.push(violation) })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', event => {
      (window as unknown as { reportCspViolation: (v: string) => void }).reportCspViolation(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`)
    })
  })
  const response = await page.goto(origin)
  return { page, errors, violations, csp: response?.headers()['content-security-policy'] }
}

async function numberIn (page: Page, selector: string): Promise<number> {
  return Number(await page.textContent(selector))
}

t.test('desktop (1280 px): add users through fetch and through a plain form post, see errors and live stats', async t => {
  const { page, errors, violations, csp } = await openPage(1280, 900)
  t.teardown(() => page.close())
  t.equal(await page.title(), 'Groundwork demo')
  t.match(csp, /script-src 'self'/, 'the page is served with its Content-Security-Policy')
  t.notMatch(csp, /unsafe-inline/, 'and the policy allows no inline script or style')

  // Live stats arrive and keep moving (refreshed every second).
  await page.waitForFunction(() => document.querySelector('#stat-requests')?.textContent !== '–')
  const requestsBefore = await numberIn(page, '#stat-requests')
  t.ok(await numberIn(page, '#stat-open') >= 1, 'the page holds at least one open connection')

  // JSON fetch.
  await page.fill('#name', 'Ada Lovelace')
  await page.fill('#email', 'ada@example.com')
  await page.click('#submit-json')
  await page.waitForSelector('#users li >> text=Ada Lovelace')
  t.match(await page.textContent('#flash'), /Added Ada Lovelace \(201, Location: \/api\/users\/1\)/)
  t.equal(await page.inputValue('#name'), '', 'the form is cleared')

  // A bad email is shown inline, next to the field.
  await page.fill('#name', 'Bad Email')
  await page.fill('#email', 'not-an-email')
  await page.click('#submit-json')
  await page.waitForSelector('#email-error:not([hidden])')
  t.match(await page.textContent('#email-error'), /valid email address/)
  t.equal(await page.getAttribute('#email', 'aria-invalid'), 'true')
  t.equal(await page.locator('#users li').count(), 1, 'nothing was added')

  // A plain HTML form post (url-encoded): the server answers 303 and the browser comes back to the page.
  await page.fill('#name', 'Grace Hopper')
  await page.fill('#email', 'grace@example.com')
  const [navigation] = await Promise.all([
    page.waitForNavigation(),
    page.click('#submit-form')
  ])
  t.equal(new URL(navigation!.url()).pathname, '/')
  await page.waitForSelector('#users li >> text=Grace Hopper')
  t.match(await page.textContent('#flash'), /plain form post \(303 redirect\)/)
  t.equal(new URL(page.url()).search, '', 'the outcome is removed from the address bar')

  // The same bad email through the plain form post: redirected back with the error shown inline.
  await page.fill('#name', 'Bad Email')
  await page.fill('#email', 'nope')
  await Promise.all([page.waitForNavigation(), page.click('#submit-form')])
  await page.waitForSelector('#email-error:not([hidden])')
  t.match(await page.textContent('#email-error'), /valid email address/)

  // The stats moved: requests grew, and the user count is live.
  await page.waitForFunction((before) => Number(document.querySelector('#stat-requests')?.textContent) > before + 3, requestsBefore)
  await page.waitForFunction(() => document.querySelector('#stat-users')?.textContent === '2')
  t.ok(await numberIn(page, '#stat-requests') > requestsBefore, 'requests went up')
  t.ok(await numberIn(page, '#stat-rpc') >= 1, 'requests per connection shown')
  t.match(await page.textContent('#health-ready'), /ready: 200/)

  // Delete through the list.
  await page.click('#users li:has-text("Ada Lovelace") button.remove')
  await page.waitForFunction(() => document.querySelectorAll('#users li').length === 1)
  await page.waitForFunction(() => document.querySelector('#stat-users')?.textContent === '1')

  await page.screenshot({ path: path.join(screenshots, 'demo-1280.png'), fullPage: true })
  t.same(errors, [], 'no script errors')
  t.same(violations, [], 'no Content-Security-Policy violations')
})

t.test('mobile (375 px): the page fits the screen and shows an inline error', async t => {
  const { page, errors, violations } = await openPage(375, 812)
  t.teardown(() => page.close())
  await page.waitForFunction(() => document.querySelector('#stat-requests')?.textContent !== '–')
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  t.ok(overflow <= 0, `no horizontal scrolling (overflow ${overflow} px)`)
  await page.fill('#name', '')
  await page.fill('#email', 'someone@example.com')
  await page.click('#submit-json')
  await page.waitForSelector('#name-error:not([hidden])')
  t.match(await page.textContent('#name-error'), /Enter a name/)
  await page.screenshot({ path: path.join(screenshots, 'demo-375.png'), fullPage: true })
  t.same(errors, [], 'no script errors')
  t.same(violations, [], 'no Content-Security-Policy violations')
})

t.test('a long list comes a page at a time: the first 20, then "Show more" follows the Link header', async t => {
  for (let i = 1; i <= 25; i++) {
    const response = await fetch(`${origin}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Paged ${i}`, email: `paged${i}@example.com` })
    })
    t.equal(response.status, 201)
  }
  const total = app.users.size
  const { page, errors, violations } = await openPage(1280, 900)
  t.teardown(() => page.close())
  await page.waitForFunction(() => document.querySelectorAll('#users li').length > 0)
  t.equal(await page.locator('#users li').count(), 20, 'the first page only')
  t.equal(await page.textContent('#user-count'), '20+')
  t.ok(await page.isVisible('#users-more'), 'a "Show more" button')
  await page.click('#users-more')
  await page.waitForFunction((n) => document.querySelectorAll('#users li').length === n, total)
  t.ok(await page.isHidden('#users-more'), 'no "Show more" once everything is listed')
  t.equal(await page.textContent('#user-count'), String(total))
  const ids = await page.$$eval('#users li', items => items.map(item => Number((item as HTMLElement).dataset['userId'])))
  t.same(ids, [...ids].sort((a, b) => a - b), 'in id order')
  t.equal(new Set(ids).size, total, 'each user once')
  t.same(errors, [], 'no script errors')
  t.same(violations, [], 'no Content-Security-Policy violations')
})

t.test('the violation check is live: an inline style injected into the page is refused and reported', async t => {
  const { page, violations } = await openPage(1280, 900)
  t.teardown(() => page.close())
  await page.evaluate(() => {
    const style = document.createElement('style')
    style.textContent = 'body { background: red; }'
    document.head.append(style)
  })
  // Both channels, so that neither can be silently dead.
  const reported = (from: RegExp) => () => violations.some(v => from.test(v))
  await t.resolves(waitFor(reported(/^style-src\S* blocked inline/)), 'the securitypolicyviolation event was reported')
  await t.resolves(waitFor(reported(/^console: .*style-src/)), 'the console report was seen')
  t.not(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 0, 0)', 'and not applied')
})

async function waitFor (condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}
