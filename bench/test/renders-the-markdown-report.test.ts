import t from 'tap'
import { formatBytes, formatDuration, formatMs, formatRange, formatRate, formatRatio, renderMarkdown, table, verdict } from '../src/report.js'
import type { LoadFigures, Report, TargetResult } from '../src/types.js'

t.test('rates read at a glance', async t => {
  t.equal(formatRate(41234, 'req/s'), '41.2k req/s')
  t.equal(formatRate(812.4, 'req/s'), '812 req/s')
  t.equal(formatRate(512_300_000, 'MB/s'), '512 MB/s')
  t.equal(formatRate(47_560_000, 'MB/s'), '47.6 MB/s')
  t.equal(formatRate(1_234_000, 'MB/s'), '1.23 MB/s')
})

t.test('latencies, sizes, ratios, verdicts and durations', async t => {
  t.equal(formatMs(1), '1 ms')
  t.equal(formatMs(12.345), '12.3 ms')
  t.equal(formatBytes(27_000_000), '27 MB')
  t.equal(formatBytes(null), 'n/a')
  t.equal(formatRatio(0.9567), '0.96×')
  t.equal(formatRatio(null), 'n/a')
  t.equal(formatRange({ low: 0.8849, high: 1.0351 }), '0.88–1.04×')
  t.equal(formatRange(null), 'n/a')
  t.equal(verdict(true), '✓')
  t.equal(verdict(false), '✗')
  t.equal(verdict(null), '–')
  t.equal(formatDuration(42.4), '42 s')
  t.equal(formatDuration(192), '3 min 12 s')
})

t.test('a table escapes pipes in cells', async t => {
  t.equal(table(['a', 'b'], [['x|y', 'z']]), '| a | b |\n| --- | --- |\n| x\\|y | z |')
})

const figures = (rate: number): LoadFigures => ({
  requestsPerSecond: rate, bytesPerSecond: rate * 1e4, p50: 1, p99: 3.5, errors: 0, timeouts: 0, non2xx: 0, requests: rate * 2
})

const target = (id: string, rate: number): TargetResult => ({
  id, label: id, server: id, method: 'GET', path: '/', connections: 50, preflight: { status: 200, ok: true, problem: null }, rounds: [figures(rate)], median: figures(rate)
})

function report (): Report {
  return {
    command: 'pnpm bench',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:03:00.000Z',
    seconds: 180,
    complete: true,
    groups: ['static'],
    settings: { warmupSeconds: 1, roundSeconds: 2, rounds: 3, connections: 50, load: 'autocannon' },
    machine: {
      cpuModel: 'Test CPU',
      cpuCount: 2,
      totalMemoryBytes: 8e9,
      platform: 'linux',
      release: '6.1',
      node: 'v20.20.0',
      loadAverageAtStart: [1, 0.5, 0.25],
      loadAverageAtEnd: [2, 1, 0.5],
      pinning: 'servers pinned to CPU 1, the load generator to CPU 0 (taskset)'
    },
    scenarios: [{
      group: 'static',
      id: 'file-1k',
      title: '1 KiB file',
      unit: 'req/s',
      targets: [target('gw', 60000), target('fs', 9000), { ...target('unmeasured', 1), median: null }],
      comparisons: [
        { label: 'vs @fastify/static', candidate: 'gw', baseline: 'fs', unit: 'req/s', candidateValue: 60000, baselineValue: 9000, ratio: 6.67, roundRange: { low: 5.9, high: 7.04 }, target: 6, met: true, skipped: null, problem: null },
        { label: 'vs nginx', candidate: 'gw', baseline: 'nginx', unit: 'req/s', candidateValue: 60000, baselineValue: null, ratio: null, roundRange: null, target: 0.8, met: null, skipped: 'skipped: nginx not installed', problem: null },
        { label: 'wrong answer', candidate: 'gw', baseline: 'unmeasured', unit: 'req/s', candidateValue: 60000, baselineValue: null, ratio: null, roundRange: null, target: null, met: null, skipped: null, problem: 'expected 405, got 404' }
      ],
      checks: [
        { label: 'growth', value: 20e6, unit: 'bytes', targetText: '< 50 MB', met: true, detail: '(413 × 10)' },
        { label: 'passes', value: 2, unit: 'passes', targetText: 'report', met: null, detail: null },
        { label: 'no proc', value: null, unit: 'bytes', targetText: 'report', met: null, detail: null }
      ],
      memory: [{ server: 'gw', label: '@groundwork/static', peakRssBytes: 90e6 }],
      notes: ['a note'],
      error: null,
      seconds: 20
    }, {
      group: 'static',
      id: 'file-1m',
      title: '1 MiB file',
      unit: 'MB/s',
      targets: [target('gw-1m', 50000)],
      comparisons: [
        { label: 'big', candidate: 'gw-1m', baseline: 'absent', unit: 'MB/s', candidateValue: 5e8, baselineValue: null, ratio: null, roundRange: null, target: 2, met: null, skipped: null, problem: 'absent: not measured' }
      ],
      checks: [],
      memory: [],
      notes: [],
      error: 'server "x" failed to start: ' + 'boom '.repeat(40) + '\n    at somewhere',
      seconds: 1
    }]
  }
}

t.test('the report has the machine, the method and one row per comparison', async t => {
  const markdown = renderMarkdown(report())
  t.match(markdown, /^# Groundwork benchmark results\n/)
  t.match(markdown, 'Command: `pnpm bench` · 2026-01-01T00:00:00.000Z · 3 min 0 s\n')
  t.match(markdown, '2 × Test CPU · 8000 MB RAM · linux 6.1 · Node v20.20.0 · load average 1.00, 0.50, 0.25 at the start, 2.00, 1.00, 0.50 at the end')
  t.match(markdown, 'Method: autocannon on 127.0.0.1, 50 connections unless noted, each server in its own process, servers pinned to CPU 1, the load generator to CPU 0 (taskset); ')
  t.match(markdown, '3 rounds of 2 s')
  t.match(markdown, 'Rounds = their lowest and highest')
  t.match(markdown, '| static | vs @fastify/static | 60.0k req/s · p50 1 ms · p99 3.5 ms | 9.0k req/s · p50 1 ms · p99 3.5 ms | 6.67× | 5.90–7.04× | ≥ 6 | ✓ |')
  t.match(markdown, '| static | vs nginx | 60.0k req/s · p50 1 ms · p99 3.5 ms | skipped: nginx not installed |  |  | ≥ 0.8 | – |')
  t.match(markdown, '| static | wrong answer | 60.0k req/s · p50 1 ms · p99 3.5 ms | n/a | n/a | n/a | report | ✗ expected 405, got 404 |')
  t.match(markdown, '| static | big | 500 MB/s · p50 1 ms · p99 3.5 ms | n/a | n/a | n/a | ≥ 2 | ✗ absent: not measured |')
  t.match(markdown, /\| static \| 1 MiB file \| could not be measured: server "x" failed to start: (boom )+boom\.\.\. \| {2}\| {2}\| {2}\| {2}\| ✗ crashed \|/)
  t.match(markdown, '| static | growth | 20 MB | < 50 MB | ✓ (413 × 10) |')
  t.match(markdown, '| static | passes | 2 passes | report | – |')
  t.match(markdown, '| static | no proc | n/a | report | – |')
  t.match(markdown, '| static | 1 KiB file | @groundwork/static | 90 MB |')
  t.match(markdown, '- static · 1 KiB file: a note')
})

t.test('a partial run says so, a single round is singular, and empty sections are left out', async t => {
  const partial = report()
  partial.complete = false
  partial.settings.rounds = 1
  partial.settings.load = 'wrk'
  partial.scenarios = partial.scenarios.slice(1).map(scenario => ({ ...scenario, error: 'short failure' }))
  const markdown = renderMarkdown(partial)
  t.match(markdown, '3 min 0 s · partial run')
  t.match(markdown, '1 round of 2 s')
  t.match(markdown, 'Method: wrk on 127.0.0.1, 50 connections unless noted, each server in its own process, servers pinned to CPU 1, the load generator to CPU 0 (taskset); ')
  t.match(markdown, '| static | 1 MiB file | could not be measured: short failure |')
  t.notMatch(markdown, '## Memory checks')
  t.notMatch(markdown, '## Peak RSS')
  t.notMatch(markdown, '## Notes')
})
