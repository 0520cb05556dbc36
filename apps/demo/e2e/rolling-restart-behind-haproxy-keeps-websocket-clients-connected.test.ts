// Issue 18 behind a proxy: rolling restarts behind HAProxy (deploy/haproxy.cfg, `mode http`, which
// tunnels WebSockets after the 101) with WebSocket users on /api/ws next to the usual POST load.
// Each user reconnects after a close, as a browser app does, with a short backoff. HAProxy takes an
// instance out when its readiness turns 503; the WebSockets on it are closed only at the drain start
// (DRAIN_DELAY_MS later), with 1001, so every reconnect lands on the other instance, never on the
// one going away. Asserted: 0 failed and 0 applied twice for the POSTs (lib/zero-loss.ts), every
// close the server made was 1001 (never 1006, a cut connection), every reconnect succeeded at once
// and was welcomed by a different instance than the one that closed it, and every user is
// connected at the end.
import t from 'tap'
import { startReconnectingSocket, type Attempt, type ReconnectingSocket } from './lib/reconnecting-websocket.js'
import { rollingRestart } from './lib/rolling-restart.js'
import { assertZeroLoss, report } from './lib/zero-loss.js'

// Fewer than the POST-only file's 10: each restart now also moves every WebSocket user (the
// instances alternate, so from the second restart on, all of them are on the one restarted).
const restarts = 4
const users = 40
const backoffMs = 50
const drainDelayMs = 1000
const goingAway = 1001
const closeReason = 'server shutting down'

interface UserRecord {
  attempts: Attempt[]
  connectedAtEnd: boolean
}

t.test(`DRAIN_DELAY_MS=${drainDelayMs}, ${users} reconnecting WebSocket users + 256 POST clients, ${restarts} restarts: every close 1001, every user moved to the other instance, 0 failed requests`, async t => {
  const records: UserRecord[] = []
  const result = await rollingRestart({
    proxy: 'haproxy',
    drainDelayMs,
    restarts,
    alongside: async origin => {
      const url = origin.replace(/^http:/, 'ws:') + '/api/ws'
      const sockets: ReconnectingSocket[] = []
      for (let i = 0; i < users; i++) sockets.push(startReconnectingSocket({ url, backoffMs, subscribe: true }))
      await Promise.all(sockets.map(async socket => await socket.firstWelcome))
      let stopped: Promise<void> | undefined
      return {
        stop: async () => await (stopped ??= (async () => {
          // Read before the client-side close: is every user connected when the restarts are over?
          const connected = sockets.map(socket => socket.isConnected())
          await Promise.all(sockets.map(async socket => await socket.stop()))
          for (const [index, socket] of sockets.entries()) records.push({ attempts: socket.attempts(), connectedAtEnd: connected[index] === true })
        })())
      }
    }
  })

  const serverCloses: Record<string, number> = {}
  const failedAttempts: string[] = []
  const stayedOnClosingPid: string[] = []
  const neverMoved: number[] = []
  let moves = 0
  let movesToPeer = 0
  const restartedPids = new Set(result.windows.map(w => w.pid))
  for (const [user, record] of records.entries()) {
    const welcomed = record.attempts.filter(a => a.pid !== undefined)
    for (const attempt of record.attempts) {
      if (attempt.pid === undefined) failedAttempts.push(`user ${user + 1}: ${attempt.close?.code ?? 'open'} ${attempt.error ?? ''}`)
      if (attempt.close !== undefined && !attempt.closedByClient && attempt.pid !== undefined) {
        const key = `${attempt.close.code} ${attempt.close.reason}`
        serverCloses[key] = (serverCloses[key] ?? 0) + 1
      }
    }
    let movedHere = 0
    for (let i = 1; i < welcomed.length; i++) {
      const from = (welcomed[i - 1] as Attempt).pid as number
      const to = (welcomed[i] as Attempt).pid as number
      moves++
      movedHere++
      if (to === from) stayedOnClosingPid.push(`user ${user + 1}: ${from} -> ${to}`)
      // The peer: an instance that was not the one being restarted at that moment.
      const window = result.windows.find(w => w.pid === from)
      if (window !== undefined && to !== window.nextPid) movesToPeer++
    }
    if (movedHere === 0) neverMoved.push(user + 1)
  }
  const connectedAtEnd = records.filter(r => r.connectedAtEnd).length
  const attempts = records.reduce((sum, r) => sum + r.attempts.length, 0)
  const finalOnLivePid = records.filter(r => {
    const last = r.attempts.at(-1)
    return last?.pid !== undefined && result.finalPids.includes(last.pid)
  }).length
  const suffix = `drainDelayMs=${drainDelayMs} webSocketUsers=${users} backoffMs=${backoffMs} attempts=${attempts} ` +
    `serverCloses=${JSON.stringify(serverCloses)} moves=${moves} movesToPeer=${movesToPeer} failedAttempts=${failedAttempts.length} ` +
    `connectedAtEnd=${connectedAtEnd}/${users} restartedPids=[${[...restartedPids].join(',')}] finalPids=[${result.finalPids.join(',')}]`
  report(t, 'haproxy+websockets', result, suffix)

  assertZeroLoss(t, 'HAProxy', result, restarts)
  t.equal(records.length, users, `expected a record for each of the ${users} WebSocket users, got ${records.length}`)
  const closes = Object.values(serverCloses).reduce((sum, n) => sum + n, 0)
  t.ok(closes >= users, `expected every user to be closed by a restart at least once (${users}+ closes), got ${closes}`)
  t.same(serverCloses, { [`${goingAway} ${closeReason}`]: closes },
    `expected every close the server made to be ${goingAway} "${closeReason}" (never 1006), got ${JSON.stringify(serverCloses)}`)
  t.same(failedAttempts, [], `expected every reconnect to be welcomed at the first try (HAProxy had taken the closing instance out), ${failedAttempts.length} were not`)
  t.same(neverMoved, [], `expected every user to be moved at least once, ${neverMoved.length} never were`)
  t.same(stayedOnClosingPid, [], `expected every reconnect to be welcomed by another instance than the one that closed it, ${stayedOnClosingPid.length} were not`)
  t.equal(movesToPeer, moves, `expected every move to land on the instance that stayed up, not on the restarted one's replacement: ${movesToPeer} of ${moves} did`)
  t.equal(connectedAtEnd, users, `expected all ${users} users connected after the restarts, ${connectedAtEnd} were`)
  t.equal(finalOnLivePid, users, `expected every user's last welcome to come from a running instance (${result.finalPids.join(', ')}), ${finalOnLivePid} did`)
})
