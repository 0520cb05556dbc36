// Scenario 5: malformed HTTP over raw sockets gets a 4xx (and never reaches a handler); the server stays up.
import t from 'tap'
import { killAll, startDemo } from './lib/demo.js'
import { describe, rawExchange } from './lib/raw-http.js'

t.test('bad HTTP', async t => {
  const demo = await startDemo()
  t.teardown(() => killAll([demo]))
  const results: string[] = []

  const invalid = await rawExchange(demo.port, ['GET /api/users HTTP/1.1 extra\r\nHost: x\r\n\r\n'])
  t.equal(invalid.responses[0]?.status, 400, `expected an invalid request line to get 400, got ${describe(invalid)}`)
  results.push(`invalidLine=${invalid.responses[0]?.status}`)

  const garbage = await rawExchange(demo.port, ['\x00\x01GARBAGE\r\n\r\n'])
  t.equal(garbage.responses[0]?.status, 400, `expected a garbage request line to get 400, got ${describe(garbage)}`)

  const bigHeader = await rawExchange(demo.port, [`GET /api/users HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(100 * 1024)}\r\n\r\n`])
  t.equal(bigHeader.responses[0]?.status, 431, `expected a 100 KiB header to get 431, got ${describe(bigHeader)}`)
  results.push(`bigHeader=${bigHeader.responses[0]?.status}`)

  const clte = await rawExchange(demo.port, [
    'POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'
  ])
  t.equal(clte.responses[0]?.status, 400, `expected Content-Length + Transfer-Encoding to get 400, got ${describe(clte)}`)
  results.push(`clte=${clte.responses[0]?.status}`)

  // Request smuggling: a second request hidden in the first one's body. Whatever the framing
  // ambiguity, the server must reject the first request and must never answer the hidden one.
  const smuggled = 'GET /api/users HTTP/1.1\r\nHost: x\r\n\r\n'
  const pairs: Record<string, string> = {
    'CL.TE': `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${smuggled}`,
    'TE.CL': `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n${(smuggled.length).toString(16)}\r\n${smuggled}\r\n0\r\n\r\n`,
    'TE obfuscated': `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 4\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n${smuggled}`,
    'TE.TE': `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\nContent-Length: 4\r\n\r\n0\r\n\r\n${smuggled}`,
    'CL.CL': `POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 0\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}`
  }
  for (const [name, request] of Object.entries(pairs)) {
    const result = await rawExchange(demo.port, [request], { expectResponses: 1, settleMs: 500 })
    const first = result.responses[0]?.status
    t.ok(first !== undefined && first >= 400 && first < 500, `expected the ${name} smuggling request to be rejected with a 4xx, got ${describe(result)}`)
    t.equal(result.responses.length, 1, `expected exactly one response (the hidden request never answered) for ${name}, got ${result.responses.length}: ${describe(result)}`)
    results.push(`${name}=${first}`)
  }

  const live = await fetch(`http://127.0.0.1:${demo.port}/health/live`)
  await live.arrayBuffer()
  t.equal(live.status, 200, `expected GET /health/live to be 200 afterwards, got ${live.status}`)
  t.notOk(demo.hasExited(), 'expected the server to stay up; it exited.', { output: demo.output() })
  const summary = `bad-http: ${results.join(' ')} live=${live.status}`
  t.comment(summary)
  process.stderr.write(summary + '\n')
})
