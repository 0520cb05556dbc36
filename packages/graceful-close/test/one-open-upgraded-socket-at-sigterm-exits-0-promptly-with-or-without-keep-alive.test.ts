import net from 'node:net'
import t from 'tap'
import { start } from './fixtures/child.js'
import { sleep } from './fixtures/helpers.js'

// Measured before the trackers were one: graceful-close alone exited 0 after 1.2 s, ending the
// upgraded socket with its own FIN; with keep-alive registered the drain waited for it until the
// deadline and exited 1. Now the drain leaves it to its owner, which closes it in preClose.

for (const keepAlive of ['', 'before', 'after']) {
  t.test(`SIGTERM with one open upgraded socket, ${keepAlive === '' ? 'graceful-close alone' : `keep-alive registered ${keepAlive}`}: exit 0, well before the deadline`, async t => {
    const child = await start({ UPGRADES: '1', KEEP_ALIVE: keepAlive, CLOSE_IDLE_AFTER: '200', TIMEOUT: '8000' })
    const socket = net.connect(child.port, '127.0.0.1')
    let received = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => { received += chunk })
    let error: string | undefined
    socket.on('error', (err: NodeJS.ErrnoException) => { error = err.code })
    const closed = new Promise<void>(resolve => socket.once('close', () => { resolve() }))
    socket.write('GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n')
    while (!received.includes('101 Switching Protocols')) await sleep(10)

    const sent = child.signal('SIGTERM')
    const { code, at } = await child.exited
    await closed
    t.equal(code, 0)
    t.ok(at - sent < 4000, `exited ${Math.round(at - sent)} ms after SIGTERM (deadline 8000 ms)`)
    t.equal(error, undefined, 'the upgraded socket was closed by its owner, not reset')
    t.match(child.logs.find(line => line.phase === 'drain'), { via: keepAlive === '' ? 'own tracker' : 'fastify.connections', remaining: 0, upgraded: 1, timedOut: false })
    t.match(child.logs.find(line => line.msg.includes('shutdown finished')), { exitCode: 0 })
  })
}
