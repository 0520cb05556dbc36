#!/usr/bin/env node
// `pnpm bench [group ...]`: runs the scenario groups, prints progress on stderr and the table on
// stdout, writes bench/results/*.json and *.md. Exits non-zero only when something crashed;
// a missed target is a figure for people to read, not a failure.
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseInvocation, usage, UsageError } from './cli.js'
import { createWorkspace } from './fixtures.js'
import { describeMachine } from './machine.js'
import { pinning } from './pinning.js'
import { buildCommand, missingBuilds } from './prerequisites.js'
import { createProgress } from './progress.js'
import { formatDuration, renderMarkdown } from './report.js'
import { runScenario } from './runner.js'
import { groups } from './scenarios/index.js'
import type { ServerHandle } from './processes.js'
import type { Report, ScenarioResult } from './types.js'

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url))

async function main (): Promise<number> {
  const argv = process.argv.slice(2)
  let invocation
  try {
    invocation = parseInvocation(argv, groups.map(group => group.name))
  } catch (err) {
    if (!(err instanceof UsageError)) throw err
    process.stderr.write(`${err.message}\n\n${usage}\n`)
    return 2
  }
  if (invocation.action === 'help') {
    process.stdout.write(`${usage}\n`)
    return 0
  }
  if (invocation.action === 'list') {
    for (const group of groups) {
      process.stdout.write(`${group.name.padEnd(11)} ${group.title}: ${group.scenarios.map(scenario => scenario.title).join('; ')}\n`)
    }
    return 0
  }

  const selected = groups.filter(group => invocation.groups.includes(group.name))
  const missing = await missingBuilds(selected.flatMap(group => group.needs))
  if (missing.length > 0) {
    process.stderr.write(`The benchmark needs built packages; these are missing:\n${missing.map(line => `  - ${line}`).join('\n')}\n` +
      `Build them first (from the repository root):\n  ${buildCommand}\n`)
    return 1
  }

  const { settings } = invocation
  // autocannon runs in this process: put every thread of it on the load generator's CPU. The servers it forks
  // are started on theirs through taskset.
  if (pinning !== null && settings.load === 'autocannon') {
    execFileSync('taskset', ['-a', '-p', '-c', String(pinning.loadCpu), String(process.pid)], { stdio: 'ignore' })
  }
  const progress = createProgress()
  const scenarios = selected.flatMap(group => group.scenarios.map(scenario => ({ group, scenario })))
  const estimate = scenarios.reduce((sum, { scenario }) => sum + scenario.estimateSeconds(settings), 0)
  progress.line(`Groundwork benchmark: ${selected.map(group => group.name).join(', ')} · ${scenarios.length} scenarios · ` +
    `about ${formatDuration(estimate)} · ${os.cpus().length} CPUs, load average ${os.loadavg().map(value => value.toFixed(2)).join(' ')}`)

  const machine = describeMachine()
  const startedAt = new Date()
  const workspace = await createWorkspace()
  const live = new Set<ServerHandle>()
  // Interrupted: stop the servers (nginx does not notice that we are gone) and remove the files.
  const interrupted = (signal: NodeJS.Signals): void => {
    progress.line(`${signal}: stopping ${live.size} server(s)`)
    Promise.allSettled([...live].map(handle => handle.stop()))
      .then(() => workspace.remove())
      .finally(() => process.exit(130))
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  const results: ScenarioResult[] = []
  try {
    for (const [index, { group, scenario }] of scenarios.entries()) {
      progress.line(`[${index + 1}/${scenarios.length}] ${group.name} · ${scenario.title}`)
      results.push(await runScenario(group, scenario, { settings, say: progress.line, workspace, live }))
    }
  } finally {
    await workspace.remove()
  }
  machine.loadAverageAtEnd = os.loadavg()

  const finishedAt = new Date()
  const report: Report = {
    command: ['pnpm bench', ...argv].join(' '),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    complete: invocation.complete,
    groups: selected.map(group => group.name),
    settings,
    machine,
    scenarios: results
  }
  const crashed = results.filter(result => result.error !== null)
  // latest.* are the committed results: only a full, default run where everything was measured.
  report.complete = invocation.complete && crashed.length === 0
  const markdown = renderMarkdown(report)
  const name = !report.complete ? 'partial' : settings.load === 'autocannon' ? 'latest' : `latest-${settings.load}`
  await mkdir(resultsDir, { recursive: true })
  await writeFile(new URL(`${name}.json`, `file://${resultsDir}`), JSON.stringify(report, null, 2) + '\n')
  await writeFile(new URL(`${name}.md`, `file://${resultsDir}`), markdown)
  process.stdout.write(`\n${markdown}`)
  progress.line(`done in ${formatDuration(report.seconds)}; wrote bench/results/${name}.json and bench/results/${name}.md`)

  if (crashed.length > 0) {
    process.stderr.write(`${crashed.length} scenario(s) could not be measured:\n${crashed.map(result => `  - ${result.group} · ${result.title}: ${result.error}`).join('\n')}\n`)
    return 1
  }
  return 0
}

process.exitCode = await main()
