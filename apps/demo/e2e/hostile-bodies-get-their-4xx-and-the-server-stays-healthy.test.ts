// Scenario 4: hostile bodies against POST /api/echo, each with its expected status; a gzip bomb is
// refused without the process ballooning; prototypes are never polluted; the server stays live.
import { gzipSync } from 'node:zlib'
import t from 'tap'
import { killAll, memoryOf, sleep, startDemo } from './lib/demo.js'
import { describe, rawRequest, type RawResult } from './lib/raw-http.js'

const MiB = 1024 * 1024
const bodyLimit = MiB // the demo's default BODY_LIMIT

interface Case {
  name: string
  headers: Record<string, string>
  body?: Buffer | string
  expected: number[]
}

const cases: Case[] = [
  { name: 'malformed JSON', headers: { 'Content-Type': 'application/json' }, body: '{"name": "ada",', expected: [400] },
  { name: '__proto__ key', headers: { 'Content-Type': 'application/json' }, body: '{"a": 1, "__proto__": {"polluted": true}}', expected: [400] },
  { name: 'constructor.prototype', headers: { 'Content-Type': 'application/json' }, body: '{"constructor": {"prototype": {"polluted": true}}}', expected: [400] },
  { name: 'empty JSON', headers: { 'Content-Type': 'application/json' }, body: '', expected: [400] },
  { name: 'nesting 100,000 deep', headers: { 'Content-Type': 'application/json' }, body: '['.repeat(100_000) + ']'.repeat(100_000), expected: [400] },
  { name: 'nesting 100,000 deep objects', headers: { 'Content-Type': 'application/json' }, body: '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), expected: [400] },
  { name: 'invalid UTF-8', headers: { 'Content-Type': 'application/json' }, body: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')]), expected: [400] },
  { name: 'unknown charset', headers: { 'Content-Type': 'text/plain; charset=x-klingon' }, body: 'qapla', expected: [415] },
  { name: 'unknown media type', headers: { 'Content-Type': 'application/x-groundwork-unknown' }, body: 'whatever', expected: [415] },
  { name: 'unknown content-encoding', headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'x-squash' }, body: '{}', expected: [415] },
  { name: '2 MiB over the limit', headers: { 'Content-Type': 'application/json' }, body: `{"pad":"${'a'.repeat(bodyLimit + 2 * MiB)}"}`, expected: [413] },
  { name: '2 MiB over the limit, chunked', headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' }, body: chunked(`{"pad":"${'a'.repeat(bodyLimit + 2 * MiB)}"}`), expected: [413] },
  { name: '100,000-parameter form', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: Array.from({ length: 100_000 }, (_, i) => `p${i}=1`).join('&'), expected: [413, 400] }
]

function chunked (text: string): Buffer {
  const parts: Buffer[] = []
  const data = Buffer.from(text)
  for (let offset = 0; offset < data.length; offset += 64 * 1024) {
    const piece = data.subarray(offset, offset + 64 * 1024)
    parts.push(Buffer.from(piece.length.toString(16) + '\r\n'), piece, Buffer.from('\r\n'))
  }
  parts.push(Buffer.from('0\r\n\r\n'))
  return Buffer.concat(parts)
}

function statusOf (result: RawResult): number | undefined {
  return result.responses[0]?.status
}

t.test('hostile bodies against POST /api/echo', async t => {
  const demo = await startDemo()
  t.teardown(() => killAll([demo]))
  const got: string[] = []

  for (const c of cases) {
    // Past the limit (plus a margin for the framing), give the server time to answer before the
    // rest of an oversized body goes out; the full body is still sent if no answer came.
    const result = await rawRequest(demo.port, 'POST', '/api/echo', c.headers, c.body, { timeoutMs: 15_000, awaitAnswerAfterBytes: bodyLimit + 128 * 1024, answerWaitMs: 2000 })
    const status = statusOf(result)
    t.ok(status !== undefined && c.expected.includes(status), `expected ${c.name} to get ${c.expected.join(' or ')}, got ${describe(result)}`)
    got.push(`${c.name}=${status}`)
  }

  // A Content-Length of 10^12 is refused from the headers alone: we send no body at all.
  const startedAt = performance.now()
  const huge = await rawRequest(demo.port, 'POST', '/api/echo', { 'Content-Type': 'application/json', 'Content-Length': String(10 ** 12) }, undefined, { timeoutMs: 5000 })
  const hugeMs = Math.round(performance.now() - startedAt)
  t.equal(statusOf(huge), 413, `expected Content-Length: 10^12 to get 413 without any body being sent, got ${describe(huge)} after ${hugeMs} ms`)
  got.push(`contentLength1e12=${statusOf(huge)}`)

  // Nested form keys that aim at prototypes: dropped or rejected, never applied.
  const form = '__proto__[polluted]=yes&constructor[prototype][polluted]=yes&a[__proto__][polluted]=yes&a[constructor][prototype][polluted]=yes&__proto__.polluted=yes&b=2'
  const pollute = await rawRequest(demo.port, 'POST', '/api/echo', { 'Content-Type': 'application/x-www-form-urlencoded' }, form)
  const polluteStatus = statusOf(pollute)
  t.ok(polluteStatus === 200 || polluteStatus === 400, `expected prototype keys in a form to be dropped (200) or rejected (400), got ${describe(pollute)}`)
  if (polluteStatus === 200) {
    const text = pollute.responses[0]?.body.toString('utf8') ?? ''
    // With nested parsing off, "a[__proto__][x]" stays one literal (harmless) key; what must never
    // appear is a parsed __proto__/constructor/prototype key or a nested "polluted" value.
    t.notOk(/"(__proto__|constructor|prototype|polluted)"\s*:/.test(text), `expected prototype keys dropped from the parsed form, got ${text}`)
  }
  got.push(`protoForm=${polluteStatus}`)
  for (const [type, body] of [['application/json', '{}'], ['application/x-www-form-urlencoded', 'x=1']] as const) {
    const probe = await rawRequest(demo.port, 'POST', '/api/echo', { 'Content-Type': type }, body)
    const text = probe.responses[0]?.body.toString('utf8') ?? ''
    t.equal(statusOf(probe), 200, `expected a plain ${type} echo after the attacks to be 200, got ${describe(probe)}`)
    t.notOk(text.includes('polluted'), `expected no polluted property on later ${type} bodies, got ${text}`)
  }

  const live = await fetch(`http://127.0.0.1:${demo.port}/health/live`)
  await live.arrayBuffer()
  t.equal(live.status, 200, `expected GET /health/live to be 200 after all hostile bodies, got ${live.status}.`, { output: demo.output() })
  const summary = `hostile-bodies: ${got.join(' ')} live=${live.status}`
  t.comment(summary)
  process.stderr.write(summary + '\n')
})

t.test('a 50 MiB gzip bomb: 413, RSS grows < 64 MB', async t => {
  const demo = await startDemo()
  t.teardown(() => killAll([demo]))
  const bomb = gzipSync(Buffer.alloc(50 * MiB), { level: 9 })
  // Warm up the parsers and zlib first, so that we measure the bomb and not first-use allocations.
  for (let i = 0; i < 3; i++) {
    await rawRequest(demo.port, 'POST', '/api/echo', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, gzipSync('{"warm":true}'))
  }
  await sleep(200)
  const before = memoryOf(demo.pid, 'VmRSS')
  const peakBefore = memoryOf(demo.pid, 'VmHWM')
  let sampled = before
  const sampler = setInterval(() => {
    try { sampled = Math.max(sampled, memoryOf(demo.pid, 'VmRSS')) } catch { /* the process may be gone; asserted below */ }
  }, 5)
  const result = await rawRequest(demo.port, 'POST', '/api/echo', { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, bomb, { timeoutMs: 15_000 })
  await sleep(100)
  clearInterval(sampler)
  const peakAfter = memoryOf(demo.pid, 'VmHWM')
  const peak = Math.max(sampled, memoryOf(demo.pid, 'VmRSS'), peakAfter > peakBefore ? peakAfter : 0)
  const growthMB = (peak - before) / 1e6
  const summary = `gzip-bomb: compressedBytes=${bomb.length} status=${statusOf(result)} rssBeforeMB=${(before / 1e6).toFixed(1)} rssGrowthMB=${growthMB.toFixed(1)}`
  t.comment(summary)
  process.stderr.write(summary + '\n')
  t.equal(statusOf(result), 413, `expected a 50 MiB gzip bomb to get 413, got ${describe(result)}`)
  t.ok(growthMB < 64, `expected RSS to grow < 64 MB while refusing the bomb, it grew ${growthMB.toFixed(1)} MB`)
  const live = await fetch(`http://127.0.0.1:${demo.port}/health/live`)
  await live.arrayBuffer()
  t.equal(live.status, 200, `expected GET /health/live to be 200 after the bomb, got ${live.status}`)
})
