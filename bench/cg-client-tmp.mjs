import http from 'node:http'
import { jsonOfSize, formOfSize } from './src/fixtures.js'
const [port, count, kind] = process.argv.slice(2)
const body = kind === 'form' ? formOfSize(1024) : jsonOfSize(1024)
const type = kind === 'form' ? 'application/x-www-form-urlencoded' : 'application/json'
const agent = new http.Agent({ keepAlive: true, maxSockets: 10 })
let done = 0
function one () {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, host: '127.0.0.1', path: '/echo', method: 'POST', agent, headers: { 'content-type': type, 'content-length': Buffer.byteLength(body) } }, res => {
      res.resume(); res.on('end', () => { if (res.statusCode !== 200) reject(new Error('status ' + res.statusCode)); else resolve() })
    })
    req.on('error', reject); req.end(body)
  })
}
const workers = Array.from({ length: 10 }, async () => { while (done < Number(count)) { done++; await one() } })
await Promise.all(workers)
agent.destroy()
