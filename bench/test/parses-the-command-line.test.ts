import t from 'tap'
import { defaultSettings, parseInvocation, usage } from '../src/cli.js'

const groups = ['composed', 'routing', 'static']

t.test('no arguments runs every group with the default settings, and may replace latest', async t => {
  t.same(parseInvocation([], groups), { action: 'run', groups, settings: defaultSettings, complete: true })
})

t.test('named groups run in suite order, and the run is partial', async t => {
  const invocation = parseInvocation(['static', 'composed'], groups)
  t.same(invocation.groups, ['composed', 'static'])
  t.equal(invocation.complete, false)
})

t.test('an unknown group is a usage error that lists the groups', async t => {
  t.throws(() => parseInvocation(['statics'], groups), { name: 'UsageError', message: /unknown group "statics".*composed, routing, static/ })
})

t.test('settings can be changed, and then the run is partial', async t => {
  const invocation = parseInvocation(['--rounds', '5', '--duration', '3', '--warmup', '0', '--connections', '10'], groups)
  t.same(invocation.settings, { rounds: 5, roundSeconds: 3, warmupSeconds: 0, connections: 10, load: 'autocannon' })
  t.equal(invocation.complete, false)
})

t.test('--load picks the load generator, and a run of every group with wrk is still complete', async t => {
  const invocation = parseInvocation(['--load', 'wrk'], groups)
  t.equal(invocation.settings.load, 'wrk')
  t.equal(invocation.complete, true)
  t.equal(parseInvocation([], groups).settings.load, 'autocannon')
  t.throws(() => parseInvocation(['--load', 'ab'], groups), { name: 'UsageError', message: /--load must be one of autocannon, wrk, got "ab"/ })
})

t.test('bad numbers are usage errors that name the option', async t => {
  t.throws(() => parseInvocation(['--rounds', '0'], groups), { message: /--rounds must be an integer >= 1, got "0"/ })
  t.throws(() => parseInvocation(['--rounds', '1.5'], groups), { message: /--rounds must be an integer/ })
  t.throws(() => parseInvocation(['--duration', 'soon'], groups), { message: /--duration must be an integer >= 1/ })
  // wrk counts whole seconds.
  t.throws(() => parseInvocation(['--duration', '1.5'], groups), { message: /--duration must be an integer >= 1/ })
  t.throws(() => parseInvocation(['--warmup', ' '], groups), { message: /--warmup/ })
})

t.test('an unknown option is a usage error', async t => {
  t.throws(() => parseInvocation(['--fast'], groups), { name: 'UsageError', message: /--fast/ })
})

t.test('--help and --list are actions', async t => {
  t.equal(parseInvocation(['--help'], groups).action, 'help')
  t.equal(parseInvocation(['-h'], groups).action, 'help')
  t.equal(parseInvocation(['--list'], groups).action, 'list')
  t.match(usage, /pnpm bench static/)
})
