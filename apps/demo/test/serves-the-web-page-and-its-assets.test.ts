import t from 'tap'
import { buildApp } from '../src/app.js'
import { testConfig } from './helpers/config.js'

t.test('GET / is the web page, and its script and styles are served', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const page = await app.inject('/')
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(page.body, /<title>Groundwork demo<\/title>/)
  t.match(page.body, /<form id="add-user" method="post" action="\/api\/users"/)

  const script = await app.inject('/app.js')
  t.equal(script.statusCode, 200)
  t.match(script.headers['content-type'], /javascript/)

  const styles = await app.inject('/styles.css')
  t.equal(styles.statusCode, 200)
  t.match(styles.headers['content-type'], /^text\/css/)
})

t.test('PUBLIC_DIR points the static files elsewhere', async t => {
  const dir = t.testdir({ 'index.html': '<!doctype html><title>elsewhere</title>' })
  const app = await buildApp(testConfig({ publicDir: dir }))
  t.teardown(() => app.close())
  const page = await app.inject('/')
  t.match(page.body, /elsewhere/)
})
