import t from 'tap'
import { choosePinning, describePinning, onCpu } from '../src/pinning.js'

t.test('two CPUs and taskset: the server on CPU 1, the load generator on CPU 0', async t => {
  t.same(choosePinning(2, true), { serverCpu: 1, loadCpu: 0 })
  t.same(choosePinning(8, true), { serverCpu: 1, loadCpu: 0 })
  t.equal(describePinning({ serverCpu: 1, loadCpu: 0 }), 'servers pinned to CPU 1, the load generator to CPU 0 (taskset)')
})

t.test('one CPU, or no taskset: nothing is pinned, and the report says so', async t => {
  t.equal(choosePinning(1, true), null)
  t.equal(choosePinning(4, false), null)
  t.equal(describePinning(null), 'not pinned (fewer than 2 CPUs or no taskset)')
})

t.test('a pinned command goes through taskset; an unpinned one is left as it is', async t => {
  t.same(onCpu(0, 'wrk', ['--threads', '1']), { command: 'taskset', args: ['-c', '0', 'wrk', '--threads', '1'] })
  t.same(onCpu(undefined, 'wrk', ['--threads', '1']), { command: 'wrk', args: ['--threads', '1'] })
})
