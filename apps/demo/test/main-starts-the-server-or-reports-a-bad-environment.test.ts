import t from 'tap'
import { main } from '../src/main.js'

t.test('a bad environment is one line on stderr and no server', async t => {
  const written: string[] = []
  const app = await main({ env: { PORT: 'nope' }, pretty: false, writeError: (line) => { written.push(line) } })
  t.equal(app, undefined)
  t.same(written, ['Invalid environment: PORT must be integer, got "nope"\n'])
})

t.test('a good environment gives a listening server on HOST:PORT', async t => {
  const app = await main({
    env: { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    pretty: false,
    writeError: () => { t.fail('no error expected') }
  })
  t.ok(app)
  t.teardown(() => app?.close())
  const address = app!.server.address()
  t.match(address, { address: '127.0.0.1', port: Number })
  const port = (address as { port: number }).port
  const response = await fetch(`http://127.0.0.1:${port}/api/users`)
  t.equal(response.status, 200)
  t.same(await response.json(), [])
})
