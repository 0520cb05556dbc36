import t from 'tap'
import { compare } from '../src/comparisons.js'
import type { LoadFigures, TargetResult } from '../src/types.js'

function target (id: string, requestsPerSecond: number, preflight: { ok: boolean, problem: string | null } = { ok: true, problem: null }): TargetResult {
  const figures = { requestsPerSecond, bytesPerSecond: requestsPerSecond * 1000, p50: 1, p99: 2, errors: 0, timeouts: 0, non2xx: 0, requests: 1 }
  return {
    id,
    label: `label ${id}`,
    server: 'server',
    method: 'GET',
    path: '/',
    connections: 50,
    preflight: { status: 200, ...preflight },
    rounds: [figures],
    median: figures
  }
}

t.test('a ratio at or above its target is met', async t => {
  const [result] = compare([target('a', 96), target('b', 100)], [{ label: 'a vs b', candidate: 'a', baseline: 'b', target: 0.95 }], 'req/s')
  t.match(result, { label: 'a vs b', candidateValue: 96, baselineValue: 100, ratio: 0.96, target: 0.95, met: true, skipped: null, problem: null })
})

t.test('a ratio below its target is missed; a comparison without target has no verdict', async t => {
  const results = compare([target('a', 90), target('b', 100)], [
    { label: 'missed', candidate: 'a', baseline: 'b', target: 0.95 },
    { label: 'reported', candidate: 'a', baseline: 'b', target: null }
  ], 'req/s')
  t.equal(results[0]?.met, false)
  t.equal(results[1]?.met, null)
  t.equal(results[1]?.ratio, 0.9)
})

t.test('MB/s comparisons use the byte rates', async t => {
  const [result] = compare([target('a', 2), target('b', 1)], [{ label: 'mb', candidate: 'a', baseline: 'b', target: 2 }], 'MB/s')
  t.match(result, { candidateValue: 2000, baselineValue: 1000, ratio: 2, met: true, unit: 'MB/s' })
})

t.test('a skipped comparison keeps its reason and has no verdict', async t => {
  const [result] = compare([target('a', 10)], [{ label: 'vs nginx', candidate: 'a', baseline: 'nginx', target: 0.8, skipped: 'skipped: nginx not installed' }], 'req/s')
  t.match(result, { candidateValue: 10, baselineValue: null, ratio: null, roundRange: null, met: null, skipped: 'skipped: nginx not installed' })
})

t.test('a failed pre-flight or a missing target is a problem, never a verdict', async t => {
  const results = compare([target('a', 10, { ok: false, problem: 'expected 405, got 404' }), target('b', 10)], [
    { label: 'wrong status', candidate: 'a', baseline: 'b', target: 0.95 },
    { label: 'unmeasured', candidate: 'b', baseline: 'c', target: 0.95 }
  ], 'req/s')
  t.match(results[0], { ratio: 1, met: null, problem: 'label a: expected 405, got 404' })
  t.match(results[1], { baselineValue: null, ratio: null, met: null, problem: 'c: not measured' })
})

t.test('a target without a median gives no value', async t => {
  const unmeasured = { ...target('a', 1), median: null }
  const [result] = compare([unmeasured, target('b', 1)], [{ label: 'x', candidate: 'a', baseline: 'b', target: null }], 'req/s')
  t.equal(result?.candidateValue, null)
  t.equal(result?.ratio, null)
})

t.test('the ratio is the median of the round-by-round ratios, so one disturbed pair does not move it', async t => {
  const rounds = (id: string, rates: number[]): TargetResult => {
    const perRound = rates.map(rate => target(id, rate).median as LoadFigures)
    const middle = [...rates].sort((a, b) => a - b)[1] ?? 0
    return { ...target(id, middle), rounds: perRound }
  }
  // Round 2 ran while something else loaded the machine: both figures dropped, the ratio of medians would be 1.33.
  const [result] = compare([rounds('a', [100, 40, 98]), rounds('b', [100, 50, 75])], [{ label: 'paired', candidate: 'a', baseline: 'b', target: 0.95 }], 'req/s')
  t.match(result, { candidateValue: 98, baselineValue: 75, met: true })
  t.equal(result?.ratio, 1, 'median of 1.0, 0.8 and 1.31')
  t.same(result?.roundRange, { low: 0.8, high: 98 / 75 }, 'the spread shows how far the disturbed pair moved')
})

t.test('rounds that do not pair up fall back to the ratio of the medians', async t => {
  const uneven = { ...target('a', 90), rounds: [] }
  const [result] = compare([uneven, target('b', 100)], [{ label: 'uneven', candidate: 'a', baseline: 'b', target: null }], 'req/s')
  t.equal(result?.ratio, 0.9)
  t.equal(result?.roundRange, null, 'no pairs, no spread')
  const zero = compare([target('a', 90), target('b', 0)], [{ label: 'zero', candidate: 'a', baseline: 'b', target: null }], 'req/s')
  t.equal(zero[0]?.ratio, null)
})
