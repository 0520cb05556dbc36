// Two demo instances behind a proxy take continuous JSON POST load (autocannon, 64 connections) while
// they are restarted one at a time: SIGTERM -> wait for the exit -> start again -> wait until the
// proxy sees it ready. Counts every non-2xx response and every socket error, per restart.
import autocannon from 'autocannon'
import { freePort, killAll, sleep, startDemo, waitUntilReady, withTimeout, type DemoProcess, type Exit } from './demo.js'
import { startHaproxy, startNginx, type Proxy } from './proxies.js'

export interface RollingRestartOptions {
  proxy: 'haproxy' | 'nginx'
  drainDelayMs: number
  restarts: number
  /** hard bound on the load, whatever happens */
  maxSeconds?: number
  maxRequests?: number
}

export interface RestartWindow {
  instance: number
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
  non2xx: number
  errors: number
  timeouts: number
  /** non-2xx responses by status, socket errors by message */
  failureKinds: Record<string, number>
  windows: RestartWindow[]
  durationS: number
  /** the proxy's own account of server state changes (HAProxy: "Server x is DOWN, reason: ...") */
  proxyEvents: string[]
}

const shutdownTimeoutMs = 10_000
// nginx marks a server failed for fail_timeout (1 s in deploy/nginx.conf) after a refused connection;
// it cannot be asked, so wait that out before restarting the other instance.
const nginxFailTimeoutMs = 1000

export async function rollingRestart (options: RollingRestartOptions): Promise<RollingRestartResult> {
  const maxSeconds = options.maxSeconds ?? 120
  const ports = [await freePort(), await freePort()]
  const proxyPort = await freePort()
  const env = {
    DRAIN_DELAY_MS: String(options.drainDelayMs),
    SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
    // Both shipped proxy configs keep idle upstream connections for at most 30 s: the app must
    // keep them longer, which is what keep-alive derives from the upstream idle timeout.
    UPSTREAM_IDLE_TIMEOUT_MS: '30000',
    LOG_LEVEL: 'warn'
  }
  const demos: DemoProcess[] = []
  let proxy: Proxy | undefined
  let load: ReturnType<typeof autocannon> | undefined
  try {
    for (const port of ports) demos.push(await startDemo({ port, env }))
    proxy = options.proxy === 'haproxy'
      ? await startHaproxy(proxyPort, ports)
      : await startNginx(proxyPort, ports)
    const activeProxy = proxy
    const proxySeesReady = async (index: number, demo: DemoProcess): Promise<void> => {
      if (options.proxy === 'haproxy') {
        const deadline = performance.now() + 10_000
        while (!(await activeProxy.serverUp(`app${index + 1}`))) {
          if (performance.now() > deadline) throw new Error(`expected HAProxy to see app${index + 1} UP within 10 s of its readiness; it did not. HAProxy output:\n${activeProxy.output()}`)
          await sleep(50)
        }
      } else {
        await waitUntilReady(demo, 10_000)
        await sleep(nginxFailTimeoutMs + 200)
      }
    }
    for (const [index, demo] of demos.entries()) await proxySeesReady(index, demo)

    let failures = 0
    const failureKinds: Record<string, number> = {}
    const fail = (kind: string): void => {
      failures++
      failureKinds[kind] = (failureKinds[kind] ?? 0) + 1
    }
    load = autocannon({
      url: `http://127.0.0.1:${proxyPort}/api/users`,
      method: 'POST',
      connections: 64,
      duration: maxSeconds,
      maxOverallRequests: options.maxRequests ?? 5_000_000,
      timeout: 10,
      headers: { 'content-type': 'application/json' },
      // One fixed body: autocannon 8's idReplacement stalls every request (0 sent), and the demo
      // accepts duplicates (its store is a plain in-memory list).
      body: JSON.stringify({ name: 'Ada Lovelace', email: 'ada@example.com' })
    })
    load.on('response', (_client: unknown, statusCode: number) => {
      if (statusCode < 200 || statusCode > 299) fail(`status ${statusCode}`)
    })
    load.on('reqError', (error: Error) => { fail(`socket error: ${(error as NodeJS.ErrnoException).code ?? error.message}`) })
    const results = load.then(result => result)

    await sleep(1000) // warm: both instances serve before the first restart
    const windows: RestartWindow[] = []
    const failuresAtSigterm: number[] = []
    for (let restart = 0; restart < options.restarts; restart++) {
      const index = restart % demos.length
      const demo = demos[index] as DemoProcess
      failuresAtSigterm.push(failures)
      demo.kill('SIGTERM')
      const exit = await withTimeout(demo.exited, shutdownTimeoutMs + 5000,
        () => `expected instance ${index + 1} to exit within ${shutdownTimeoutMs + 5000} ms of SIGTERM (restart ${restart + 1}); it is still running. Output:\n${demo.output()}`)
      if (exit.code !== 0) {
        throw new Error(`expected instance ${index + 1} to exit with code 0 after SIGTERM (restart ${restart + 1}), got code ${exit.code} signal ${exit.signal}. Output:\n${demo.output()}`)
      }
      const startedAt = performance.now()
      // Generous: a fresh process competes for the two cores with the load, the proxy and the other instance.
      const next = await startDemo({ port: demo.port, env, readyTimeoutMs: 45_000 })
      demos[index] = next
      await proxySeesReady(index, next)
      windows.push({ instance: index + 1, exit, failures: 0, exitMs: exit.afterSignalMs, backMs: Math.round(performance.now() - startedAt) })
    }
    await sleep(500) // the last restarted instance takes load again
    load.stop()
    const result = await results
    failuresAtSigterm.push(failures)
    for (const [i, window] of windows.entries()) {
      window.failures = (failuresAtSigterm[i + 1] ?? failures) - (failuresAtSigterm[i] ?? 0)
    }
    return {
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      failureKinds,
      windows,
      durationS: result.duration,
      proxyEvents: activeProxy.output().split('\n').filter(line => /is (UP|DOWN)|no server available|upstream/i.test(line)).slice(-200)
    }
  } finally {
    load?.stop()
    await killAll(demos)
    await proxy?.stop()
  }
}

export function describeWindows (windows: RestartWindow[]): string {
  return windows.map((w, i) => `#${i + 1} app${w.instance}: failed=${w.failures} exit=${w.exit.code} in ${w.exitMs} ms, back in ${w.backMs} ms`).join('\n')
}
