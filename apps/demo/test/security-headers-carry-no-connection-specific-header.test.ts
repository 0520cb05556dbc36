// HTTP/2 forbids connection-specific header fields (RFC 9113, 8.2.2) and Node throws on them, so the
// headers worked out once at start and set on every page, asset, API answer and error must have none.
import t from 'tap'
import { apiHeaders, pageHeaders } from '../src/security-headers.js'

const connectionSpecific = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te']

t.test('neither the page\'s headers nor the API\'s has a connection-specific field', async t => {
  for (const [what, headers] of [['page', pageHeaders()], ['api', apiHeaders]] as const) {
    const names = Object.keys(headers).map(name => name.toLowerCase())
    t.ok(names.length > 0, `${what}: some headers`)
    t.same(names.filter(name => connectionSpecific.includes(name)), [], `${what}: none of ${connectionSpecific.join(', ')}`)
  }
})
