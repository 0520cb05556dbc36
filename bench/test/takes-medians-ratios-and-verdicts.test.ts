import t from 'tap'
import { median, medianFigures, meets, ratio, roundRatios, spread } from '../src/stats.js'
import type { LoadFigures } from '../src/types.js'

t.test('the median of an odd count is the middle value, whatever the order', async t => {
  t.equal(median([3, 1, 2]), 2)
  t.equal(median([5]), 5)
})

t.test('the median of an even count is the mean of the two middle values', async t => {
  t.equal(median([4, 1, 3, 2]), 2.5)
})

t.test('the median of nothing is an error, not NaN', async t => {
  t.throws(() => median([]), RangeError)
})

t.test('the ratio is candidate / baseline, and null against a zero baseline', async t => {
  t.equal(ratio(95, 100), 0.95)
  t.equal(ratio(1, 0), null)
})

t.test('a target is met at or above it; no target or no ratio gives no verdict', async t => {
  t.equal(meets(0.95, 0.95), true)
  t.equal(meets(0.949, 0.95), false)
  t.equal(meets(null, 0.95), null)
  t.equal(meets(1.2, null), null)
})

t.test('the median figures are taken field by field', async t => {
  const round = (n: number): LoadFigures => ({
    requestsPerSecond: n, bytesPerSecond: n * 10, p50: n, p99: 10 * n, errors: 0, timeouts: 0, non2xx: n % 2, requests: n * 100
  })
  t.same(medianFigures([round(3), round(1), round(2)]), {
    requestsPerSecond: 2, bytesPerSecond: 20, p50: 2, p99: 20, errors: 0, timeouts: 0, non2xx: 1, requests: 200
  })
})

t.test('round ratios pair round i with round i, and are null when the rounds do not pair up', async t => {
  t.same(roundRatios([90, 100], [100, 80]), [0.9, 1.25])
  t.equal(roundRatios([], []), null)
  t.equal(roundRatios([1, 2], [1]), null)
  t.equal(roundRatios([1, 2], [1, 0]), null, 'a zero baseline round has no ratio')
})

t.test('the spread is the lowest and highest value, and there is none of nothing', async t => {
  t.same(spread([1.04, 0.88, 0.97]), { low: 0.88, high: 1.04 })
  t.throws(() => spread([]), RangeError)
})
