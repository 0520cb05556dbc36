import t from 'tap'
import { listening } from './helpers/listen.js'
import { openEvents } from './helpers/sse.js'

t.test('app.close() without the shutdown sequence ends open streams with the shutdown event instead of waiting for their clients', async t => {
  const { app, port } = await listening(t)
  const stream = await openEvents(port)
  await stream.next()
  await app.close()
  let last = await stream.next()
  while (last.event === 'stats') last = await stream.next()
  t.same(last, { event: 'shutdown', data: '{"reason":"draining"}' })
  t.equal(await stream.ended, true)
})
