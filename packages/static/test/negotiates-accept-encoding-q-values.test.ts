import t from 'tap'
import { acceptableEncodings, createEncodingNegotiator } from '../src/accept-encoding.js'

t.test('acceptableEncodings ranks by q-value, then by server preference', async t => {
  t.same(acceptableEncodings(undefined), [])
  t.same(acceptableEncodings(''), [])
  t.same(acceptableEncodings('gzip, br'), ['br', 'gzip'])
  t.same(acceptableEncodings('gzip;q=1, br;q=0.8'), ['gzip', 'br'])
  t.same(acceptableEncodings('*'), ['br', 'zstd', 'gzip'])
  t.same(acceptableEncodings('*;q=0'), [])
  t.same(acceptableEncodings('identity;q=0.5, gzip;q=0.4, br'), ['br'])
  t.same(acceptableEncodings('br;q=2'), [])
  t.same(acceptableEncodings('br;level=1'), ['br'])
  t.same(acceptableEncodings('gzip, gzip;q=0'), ['gzip'], 'the first mention wins')
})

t.test('the negotiator memoises a bounded number of headers', async t => {
  const negotiate = createEncodingNegotiator()
  t.same(negotiate(undefined), [])
  t.equal(negotiate('gzip, br'), negotiate('gzip, br'), 'same array from the memo')
  for (let i = 0; i < 300; i++) negotiate(`gzip;q=0.${i}`)
  t.same(negotiate('gzip;q=0.299'), ['gzip'])
})
