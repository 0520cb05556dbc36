// Runs the shipped deploy/haproxy.cfg, deploy/nginx.conf and deploy/Caddyfile as foreground child processes. The test
// configs are GENERATED from those files (addresses, sockets, logs and temp paths substituted into a
// temporary directory), so what we test is what we ship.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sleep } from './demo.js'

const deployDir = fileURLToPath(new URL('../../../../deploy/', import.meta.url))

export interface Proxy {
  port: number
  dir: string
  output: () => string
  /** HAProxy only: is this server UP in the stats? (nginx has no active checks; the Caddyfile turns Caddy's admin API off) */
  serverUp: (name: string) => Promise<boolean>
  stop: () => Promise<void>
}

/** A program from a Debian package (`debianPackage` when it is not named after the program). */
export function findBinary (name: string, debianPackage = name): string {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin']) {
    if (dir !== '' && existsSync(join(dir, name))) return join(dir, name)
  }
  throw new Error(`expected ${name} to be installed (apt-get install ${debianPackage}); it is not on PATH nor in /usr/sbin`)
}

/** Applies each [pattern, replacement]; a pattern that matches nothing means the shipped file changed shape. */
export function substitute (source: string, file: string, rules: Array<[RegExp, string]>): string {
  let text = source
  for (const [pattern, replacement] of rules) {
    if (!pattern.test(text)) throw new Error(`expected ${file} to contain ${String(pattern)}; update the e2e templating with it`)
    text = text.replace(pattern, replacement)
  }
  return text
}

/** The shipped HAProxy files: HTTP/1.1 to the apps, or HTTP/2 (`proto h2`) to apps started with HTTP2=true. */
export type HaproxyConfig = 'haproxy.cfg' | 'haproxy-h2.cfg'

export async function renderHaproxyConfig (dir: string, port: number, backends: number[], file: HaproxyConfig = 'haproxy.cfg'): Promise<string> {
  const source = await readFile(join(deployDir, file), 'utf8')
  let server = 0
  return substitute(source, `deploy/${file}`, [
    [/^(\s*bind) \S*:\d+/m, `$1 127.0.0.1:${port}`],
    [/^(\s*stats socket) \S+/m, `$1 ${join(dir, 'admin.sock')}`],
    // Per-request logs at 10k req/s would only cost CPU here.
    [/^\s*option httplog\s*$/m, ''],
    [/^(\s*)log global\s*$/m, '$1no log'],
    // A placeholder first, then the ports in the order of the servers.
    [/^(\s*server \S+) 127\.0\.0\.1:\d+/gm, '$1 __BACKEND__']
  ]).replace(/__BACKEND__/g, () => {
    const backend = backends[server++]
    if (backend === undefined) throw new Error(`expected deploy/${file} to have exactly ${backends.length} servers`)
    return `127.0.0.1:${backend}`
  })
}

export async function renderNginxConfig (dir: string, port: number, backends: number[]): Promise<string> {
  const source = await readFile(join(deployDir, 'nginx.conf'), 'utf8')
  let server = 0
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map(name => `    ${name}_temp_path ${join(dir, name)};`).join('\n')
  return substitute(source, 'deploy/nginx.conf', [
    [/^worker_processes \S+;/m, 'worker_processes 1;'],
    [/^error_log \S+/m, `error_log ${join(dir, 'error.log')}`],
    [/^(\s*)access_log \S+;/m, '$1access_log off;'],
    [/^http \{$/m, `http {\n${temp}`],
    [/^(\s*listen) \d+;/m, `$1 127.0.0.1:${port};`],
    [/^(\s*server) 127\.0\.0\.1:\d+/gm, '$1 __BACKEND__']
  ]).replace(/__BACKEND__/g, () => {
    const backend = backends[server++]
    if (backend === undefined) throw new Error(`expected deploy/nginx.conf to have exactly ${backends.length} servers`)
    return `127.0.0.1:${backend}`
  })
}

function collect (child: ChildProcess): () => string {
  let output = ''
  const keep = (chunk: Buffer): void => { output = (output + chunk.toString('utf8')).slice(-32 * 1024) }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return () => output
}

async function waitForPort (port: number, child: ChildProcess, output: () => string, name: string): Promise<void> {
  const deadline = performance.now() + 10_000
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`expected ${name} to start, but it exited with ${child.exitCode}:\n${output()}`)
    const open = await new Promise<boolean>(resolve => {
      const socket = connect({ port, host: '127.0.0.1' })
      socket.once('connect', () => { socket.destroy(); resolve(true) })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await sleep(50)
  }
  throw new Error(`expected ${name} to listen on ${port} within 10 s:\n${output()}`)
}

async function stopChild (child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill(signal)
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

async function stats (socketPath: string): Promise<string> {
  return await new Promise((resolve, reject) => {
    const socket = connect(socketPath)
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', chunk => { text += chunk })
    socket.on('error', reject)
    socket.on('end', () => resolve(text))
    socket.write('show stat\n')
  })
}

export async function startHaproxy (port: number, backends: number[], file: HaproxyConfig = 'haproxy.cfg'): Promise<Proxy> {
  const binary = findBinary('haproxy')
  const dir = await mkdtemp(join(tmpdir(), 'gw-e2e-haproxy-'))
  const configPath = join(dir, 'haproxy.cfg')
  await writeFile(configPath, await renderHaproxyConfig(dir, port, backends, file))
  // -db: foreground, no daemon, so the test owns the process and its output.
  const child = spawn(binary, ['-db', '-f', configPath], { stdio: ['ignore', 'pipe', 'pipe'] })
  const output = collect(child)
  await waitForPort(port, child, output, 'haproxy')
  const socketPath = join(dir, 'admin.sock')
  return {
    port,
    dir,
    output,
    serverUp: async (name: string) => {
      const csv = (await stats(socketPath)).split('\n')
      const header = (csv[0] ?? '').replace(/^# /, '').split(',')
      const statusColumn = header.indexOf('status')
      const row = csv.find(line => line.split(',')[1] === name)
      return row !== undefined && (row.split(',')[statusColumn] ?? '').startsWith('UP')
    },
    stop: async () => {
      await stopChild(child, 'SIGUSR1') // soft stop
      await rm(dir, { recursive: true, force: true })
    }
  }
}

export async function startNginx (port: number, backends: number[]): Promise<Proxy> {
  const binary = findBinary('nginx')
  const dir = await mkdtemp(join(tmpdir(), 'gw-e2e-nginx-'))
  // Workers may run as an unprivileged user when we are root: let them reach the temp paths.
  await chmod(dir, 0o755)
  const configPath = join(dir, 'nginx.conf')
  await writeFile(configPath, await renderNginxConfig(dir, port, backends))
  const child = spawn(binary, [
    '-p', dir + '/', '-e', join(dir, 'error.log'), '-c', configPath,
    '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`
  ], { stdio: ['ignore', 'pipe', 'pipe'] })
  const output = collect(child)
  await waitForPort(port, child, output, 'nginx')
  return {
    port,
    dir,
    output: () => {
      const errorLog = join(dir, 'error.log')
      return output() + (existsSync(errorLog) ? readFileSync(errorLog, 'utf8').slice(-16 * 1024) : '')
    },
    serverUp: async () => { throw new Error('nginx has no active health checks to ask') },
    stop: async () => {
      await stopChild(child, 'SIGQUIT') // graceful stop
      await rm(dir, { recursive: true, force: true })
    }
  }
}

export async function renderCaddyConfig (port: number, backends: number[]): Promise<string> {
  const source = await readFile(join(deployDir, 'Caddyfile'), 'utf8')
  return substitute(source, 'deploy/Caddyfile', [
    [/^:\d+ \{$/m, `http://127.0.0.1:${port} {`],
    [/^(\s*reverse_proxy) 127\.0\.0\.1:\d+ 127\.0\.0\.1:\d+ \{$/m, `$1 ${backends.map(backend => `127.0.0.1:${backend}`).join(' ')} {`]
  ])
}

export async function startCaddy (port: number, backends: number[]): Promise<Proxy> {
  const binary = findBinary('caddy')
  const dir = await mkdtemp(join(tmpdir(), 'gw-e2e-caddy-'))
  const configPath = join(dir, 'Caddyfile')
  await writeFile(configPath, await renderCaddyConfig(port, backends))
  // Caddy keeps its state under XDG_DATA_HOME/XDG_CONFIG_HOME: point both at the temp dir.
  const child = spawn(binary, ['run', '--config', configPath, '--adapter', 'caddyfile'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') }
  })
  const output = collect(child)
  await waitForPort(port, child, output, 'caddy')
  return {
    port,
    dir,
    output,
    serverUp: async () => { throw new Error('the shipped Caddyfile turns the admin API off: nothing to ask') },
    stop: async () => {
      await stopChild(child, 'SIGTERM') // Caddy stops gracefully on SIGTERM
      await rm(dir, { recursive: true, force: true })
    }
  }
}
