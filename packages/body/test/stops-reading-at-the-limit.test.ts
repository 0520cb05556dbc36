import t from 'tap'
import { PassThrough, Readable } from 'node:stream'
import { readPlain } from '../src/read-body.js'

function counting (chunks: number, size: number) {
  const source = { pulled: 0, stream: null as unknown as Readable }
  source.stream = new Readable({
    read () {
      source.pulled++
      this.push(source.pulled > chunks ? null : Buffer.alloc(size))
    }
  })
  return source
}

t.test('a chunked body stops being read once it passes the limit', async t => {
  const source = counting(10000, 1024)
  const error = await new Promise<Error | null>(resolve => { readPlain(source.stream, {}, 64 * 1024, false, resolve) })
  t.equal((error as { code?: string }).code, 'GW_BODY_TOO_LARGE')
  await new Promise(resolve => setTimeout(resolve, 20))
  t.ok(source.pulled < 200, `read ${source.pulled} of 10000 chunks`)
})

t.test('a body whose stream fails is a 400 that says it was not received', async t => {
  const payload = new PassThrough()
  const result = new Promise<Error | null>(resolve => { readPlain(payload, {}, 100, false, resolve) })
  payload.write('partial')
  payload.destroy(new Error('ECONNRESET: socket hang up'))
  const error = await result as Error & { statusCode: number, code: string }
  t.equal(error.code, 'GW_BODY_ABORTED')
  t.equal(error.statusCode, 400)
  t.equal(error.message, 'Request body was not received completely')
})
