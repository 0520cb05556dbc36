// Two demo instances behind a proxy take continuous JSON POST load (256 connections, every request
// creating a user with its own e-mail address) while they are restarted one at a time: SIGTERM ->
// wait for the exit -> start again -> wait until the proxy sees it ready. Counts every request that
// failed (non-2xx, reset, close, timeout), per restart, and every request applied twice: each
// instance appends every user it creates to an audit file (USERS_AUDIT_FILE), so an address found
// twice there was applied twice, whatever the client saw.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, killAll, sleep, startDemo, waitUntilReady, withTimeout, type DemoProcess, type Exit } from './demo.js'
import { startPostLoad, type PostLoad } from './post-load.js'
import { startCaddy, startHaproxy, startNginx, type Proxy } from './proxies.js'

export interface RollingRestartOptions {
  /** haproxy-h2: deploy/haproxy-h2.cfg, HTTP/2 to instances started with HTTP2=true */
  proxy: 'haproxy' | 'haproxy-h2' | 'nginx' | 'caddy'
  drainDelayMs: number
  restarts: number
  /** concurrent clients; default 256 */
  connections?: number
  /** hard bound on the load, whatever happens */
  maxSeconds?: number
  maxRequests?: number
  /**
   * Other clients to run through the proxy for the whole run (e.g. WebSockets): started once both
   * instances are up, before the load; stopped after the load, before the instances are stopped.
   */
  alongside?: (origin: string) => Promise<{ stop: () => Promise<void> }>
  /** More environment for instance `index` (0 or 1), the same for each process started in its place. */
  instanceEnv?: (index: number) => Record<string, string>
  /**
   * Watches one instance's shutdown (e.g. scrapes its metrics port): started, and awaited, just
   * before its SIGTERM; stopped once it has exited, before the next process starts in its place.
   */
  duringShutdown?: (demo: DemoProcess, index: number, restart: number) => Promise<{ stop: () => Promise<void> }>
}

export interface RestartWindow {
  instance: number
  /** the pid that was sent SIGTERM, and the pid of the instance started in its place */
  pid: number
  nextPid: number
  exit: Exit
  /** failures from this SIGTERM until the next one (or the end of the load) */
  failures: number
  /** SIGTERM -> exit, ms */
  exitMs: number
  /** start -> the proxy sees it ready, ms */
  backMs: number
}

export interface RollingRestartResult {
  requests: number
  /** requests that got no 2xx: non-2xx, reset, close or timeout */
  failed: number
  /** non-2xx responses by status, socket errors by code */
  failureKinds: Record<string, number>
  /** users created by the instances, from their audit files */
  applied: number
  /** applications beyond the first of the same request */
  appliedTwice: number
  /** requests an instance applied although the client got no 2xx */
  appliedButFailed: number
  /** requests acknowledged with a 2xx that no instance applied */
  acknowledgedButNotApplied: number
  windows: RestartWindow[]
  durationS: number
  /** the proxy's own account of server state changes (HAProxy: "Server x is DOWN, reason: ...") */
  proxyEvents: string[]
  /** the pids of the instances at the end of the run */
  finalPids: number[]
}

const shutdownTimeoutMs = 10_000
// nginx marks a server failed for fail_timeout (1 s in deploy/nginx.conf) after a refused connection;
// it cannot be asked, so wait that out before restarting the other instance.
const nginxFailTimeoutMs = 1000
// Caddy marks an upstream healthy again at its next good check (health_interval 250ms in
// deploy/Caddyfile); its admin API is off, so wait two intervals and the check's own time.
const caddyRecheckMs = 750

/** How often each e-mail address appears in the instances' audit files (one JSON line per created user). */
async function readAudit (dir: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  for (const file of await readdir(dir)) {
    for (const line of (await readFile(join(dir, file), 'utf8')).split('\n')) {
      if (line === '') continue
      const { email } = JSON.parse(line) as { email: string }
      counts.set(email, (counts.get(email) ?? 0) + 1)
    }
  }
  return counts
}

export async function rollingRestart (options: RollingRestartOptions): Promise<RollingRestartResult> {
  const maxSeconds = options.maxSeconds ?? 120
  const ports = [await freePort(), await freePort()]
  const proxyPort = await freePort()
  const auditDir = await mkdtemp(join(tmpdir(), 'gw-e2e-audit-'))
  const envFor = (index: number): Record<string, string> => ({ ...env, ...options.instanceEnv?.(index), USERS_AUDIT_FILE: join(auditDir, `app${index + 1}.jsonl`) })
  const env = {
    DRAIN_DELAY_MS: String(options.drainDelayMs),
    SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
    // Both shipped proxy configs keep idle upstream connections for at most 30 s: the app must
    // keep them longer, which is what keep-alive derives from the upstream idle timeout.
    UPSTREAM_IDLE_TIMEOUT_MS: '30000',
    // Every request of the run creates a user: no cap may answer 4xx in the middle of it.
    MAX_USERS: '5000000',
    LOG_LEVEL: 'warn',
    ...(options.proxy === 'haproxy-h2' ? { HTTP2: 'true' } : {})
  }
  const demos: DemoProcess[] = []
  let proxy: Proxy | undefined
  let load: PostLoad | undefined
  let companion: { stop: () => Promise<void> } | undefined
  let watcher: { stop: () => Promise<void> } | undefined
  try {
    for (const [index, port] of ports.entries()) demos.push(await startDemo({ port, env: envFor(index) }))
    const start = {
      haproxy: startHaproxy,
      'haproxy-h2': async (port: number, backends: number[]) => await startHaproxy(port, backends, 'haproxy-h2.cfg'),
      nginx: startNginx,
      caddy: startCaddy
    }[options.proxy]
    proxy = await start(proxyPort, ports)
    const activeProxy = proxy
    const proxySeesReady = async (index: number, demo: DemoProcess): Promise<void> => {
      if (options.proxy === 'haproxy' || options.proxy === 'haproxy-h2') {
        const deadline = performance.now() + 10_000
        while (!(await activeProxy.serverUp(`app${index + 1}`))) {
          if (performance.now() > deadline) throw new Error(`expected HAProxy to see app${index + 1} UP within 10 s of its readiness; it did not. HAProxy output:\n${activeProxy.output()}`)
          await sleep(50)
        }
      } else {
        await waitUntilReady(demo, 10_000)
        await sleep(options.proxy === 'nginx' ? nginxFailTimeoutMs + 200 : caddyRecheckMs)
      }
    }
    for (const [index, demo] of demos.entries()) await proxySeesReady(index, demo)
    companion = await options.alongside?.(`http://127.0.0.1:${proxyPort}`)

    load = startPostLoad({
      origin: `http://127.0.0.1:${proxyPort}`,
      connections: options.connections ?? 256,
      maxSeconds,
      maxRequests: options.maxRequests ?? 5_000_000
    })
    const activeLoad = load

    await sleep(1000) // warm: both instances serve before the first restart
    const windows: RestartWindow[] = []
    const failuresAtSigterm: number[] = []
    for (let restart = 0; restart < options.restarts; restart++) {
      const index = restart % demos.length
      const demo = demos[index] as DemoProcess
      watcher = await options.duringShutdown?.(demo, index, restart)
      failuresAtSigterm.push(activeLoad.failed)
      demo.kill('SIGTERM')
      const exit = await withTimeout(demo.exited, shutdownTimeoutMs + 5000,
        () => `expected instance ${index + 1} to exit within ${shutdownTimeoutMs + 5000} ms of SIGTERM (restart ${restart + 1}); it is still running. Output:\n${demo.output()}`)
      await watcher?.stop()
      watcher = undefined
      if (exit.code !== 0) {
        throw new Error(`expected instance ${index + 1} to exit with code 0 after SIGTERM (restart ${restart + 1}), got code ${exit.code} signal ${exit.signal}. Output:\n${demo.output()}`)
      }
      const startedAt = performance.now()
      // Generous: a fresh process competes for the two cores with the load, the proxy and the other instance.
      const next = await startDemo({ port: demo.port, env: envFor(index), readyTimeoutMs: 45_000 })
      demos[index] = next
      await proxySeesReady(index, next)
      windows.push({ instance: index + 1, pid: demo.pid, nextPid: next.pid, exit, failures: 0, exitMs: exit.afterSignalMs, backMs: Math.round(performance.now() - startedAt) })
    }
    await sleep(500) // the last restarted instance takes load again
    const result = await activeLoad.stop()
    await companion?.stop()
    failuresAtSigterm.push(result.failed)
    for (const [i, window] of windows.entries()) {
      window.failures = (failuresAtSigterm[i + 1] ?? result.failed) - (failuresAtSigterm[i] ?? 0)
    }
    const finalPids = demos.map(demo => demo.pid)
    // The audit files are complete once every instance has exited.
    await Promise.all(demos.map(async demo => await demo.stop()))
    const audit = await readAudit(auditDir)
    let applied = 0
    let appliedTwice = 0
    let appliedButFailed = 0
    for (const [email, count] of audit) {
      applied += count
      appliedTwice += count - 1
      if (!result.acknowledged.has(email)) appliedButFailed++
    }
    let acknowledgedButNotApplied = 0
    for (const email of result.acknowledged) if (!audit.has(email)) acknowledgedButNotApplied++
    return {
      requests: result.sent,
      failed: result.failed,
      failureKinds: result.failureKinds,
      applied,
      appliedTwice,
      appliedButFailed,
      acknowledgedButNotApplied,
      windows,
      durationS: result.durationS,
      proxyEvents: activeProxy.output().split('\n').filter(line => /is (UP|DOWN)|no server available|upstream|unhealthy/i.test(line)).slice(-200),
      finalPids
    }
  } finally {
    await watcher?.stop()
    await load?.stop()
    await companion?.stop()
    await killAll(demos)
    await proxy?.stop()
    await rm(auditDir, { recursive: true, force: true })
  }
}

/** One line for the test output: the totals the assertions are about. */
export function summarize (result: RollingRestartResult): string {
  return `requests=${result.requests} failed=${result.failed} applied=${result.applied} appliedTwice=${result.appliedTwice} ` +
    `appliedButFailed=${result.appliedButFailed} acknowledgedButNotApplied=${result.acknowledgedButNotApplied} ` +
    `restarts=${result.windows.length} perRestart=[${result.windows.map(w => w.failures).join(',')}] ${JSON.stringify(result.failureKinds)}`
}

export function describeWindows (windows: RestartWindow[]): string {
  return windows.map((w, i) => `#${i + 1} app${w.instance}: failed=${w.failures} exit=${w.exit.code} in ${w.exitMs} ms, back in ${w.backMs} ms`).join('\n')
}
