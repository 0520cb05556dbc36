import t from 'tap'
import { readFileSync } from 'node:fs'
import { defaults } from '../src/index.js'

const manifest = readFileSync(new URL('../../../deploy/kubernetes.yaml', import.meta.url), 'utf8')

/** Drops comments and blank lines: the reader below only looks at live YAML. */
function liveLines (text: string): string[] {
  return text.split('\n').filter(line => !/^\s*(#|$)/.test(line))
}

const indent = (line: string): number => line.length - line.trimStart().length

/** The lines nested under the first `key:` line, found by indentation. */
function block (lines: string[], key: string): string[] {
  const at = lines.findIndex(line => line.trim() === `${key}:`)
  if (at === -1) return []
  const depth = indent(lines[at]!)
  const rest = lines.slice(at + 1)
  const end = rest.findIndex(line => indent(line) <= depth)
  return end === -1 ? rest : rest.slice(0, end)
}

/** A scalar `key: value` directly inside `lines` (the shallowest match). */
function scalar (lines: string[], key: string): string | undefined {
  const matches = lines
    .map(line => ({ depth: indent(line), match: new RegExp(`^\\s*(?:- )?${key}: *"?([^"]*)"?$`).exec(line) }))
    .filter(entry => entry.match !== null)
    .sort((a, b) => a.depth - b.depth)
  return matches[0]?.match?.[1]
}

/** `value` of the `- name: <name>` entry in an env list. */
function env (lines: string[], name: string): number | undefined {
  const at = lines.findIndex(line => line.trim() === `- name: ${name}`)
  if (at === -1) return undefined
  const value = /value: *"?(\d+)"?/.exec(lines[at + 1] ?? '')
  return value === null ? undefined : Number(value[1])
}

const lines = liveLines(manifest)

t.test('the tiny reader finds nested values and misses absent ones', async t => {
  const sample = liveLines('a:\n  b:\n    c: 1\n  d: "2"\n# e: 3\ne: 4\n')
  t.same(block(sample, 'b'), ['    c: 1'])
  t.equal(scalar(block(sample, 'a'), 'd'), '2')
  t.same(block(sample, 'missing'), [])
  t.equal(scalar(sample, 'missing'), undefined)
  t.equal(env(liveLines('- name: X\n  value: "7"\n- name: Y\n  valueFrom: {}\n'), 'X'), 7)
  t.equal(env(liveLines('- name: Y\n  valueFrom: {}\n'), 'Y'), undefined)
  t.equal(env(sample, 'X'), undefined)
  t.same(block(liveLines('a:\n  b: 1\n'), 'a'), ['  b: 1'])
})

t.test('deploy/kubernetes.yaml satisfies the inequalities docs/deploy.md states', async t => {
  const grace = Number(scalar(lines, 'terminationGracePeriodSeconds'))
  const drainDelay = env(lines, 'DRAIN_DELAY_MS') ?? defaults.drainDelay
  const timeout = env(lines, 'SHUTDOWN_TIMEOUT_MS') ?? defaults.timeout
  const preStop = Number(scalar(block(block(lines, 'preStop'), 'sleep'), 'seconds') ?? 0) * 1000
  const readiness = block(lines, 'readinessProbe')
  const period = Number(scalar(readiness, 'periodSeconds') ?? 10)
  const failures = Number(scalar(readiness, 'failureThreshold') ?? 3)

  t.ok(grace > 0 && drainDelay > 0 && timeout > 0, `read grace=${grace}s drainDelay=${drainDelay}ms timeout=${timeout}ms`)
  t.ok(grace * 1000 > preStop + drainDelay + timeout,
    `terminationGracePeriodSeconds (${grace * 1000} ms) > preStop (${preStop}) + drainDelay (${drainDelay}) + timeout (${timeout})`)
  t.ok(preStop + drainDelay >= period * failures * 1000,
    `preStop + drainDelay (${preStop + drainDelay} ms) >= readiness period x failureThreshold (${period * failures * 1000} ms)`)
  t.ok(drainDelay < timeout, 'drainDelay < timeout')
  t.equal(scalar(readiness, 'path'), '/health/ready')
  t.equal(scalar(block(lines, 'livenessProbe'), 'path'), '/health/live')
})
