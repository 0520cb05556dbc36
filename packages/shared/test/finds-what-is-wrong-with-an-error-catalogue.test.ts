import t from 'tap'
import createError from '@fastify/error'
import { errorCatalogueProblems } from '../src/index.js'

const GW_DEMO_BAD = createError('GW_DEMO_BAD', 'bad %s', 400)
const GW_DEMO_WORSE = createError('GW_DEMO_WORSE', 'worse', 500)

t.test('a catalogue whose every error is exported under its code and listed has no problem', async t => {
  t.same(errorCatalogueProblems({ GW_DEMO_BAD, GW_DEMO_WORSE, helper: () => 1, value: 3 }, '| GW_DEMO_BAD | 400 |\n| GW_DEMO_WORSE | 500 |', 'GW_DEMO_'), [])
})

t.test('each kind of problem is named', async t => {
  const Renamed = createError('GW_DEMO_RENAMED', 'renamed')
  const Foreign = createError('FST_OTHER', 'other')
  const problems = errorCatalogueProblems({ GW_DEMO_BAD, Renamed, FST_OTHER: Foreign }, 'GW_DEMO_BAD FST_OTHER GW_DEMO_GONE', 'GW_DEMO_')
  t.same(problems.sort(), [
    'FST_OTHER: its code FST_OTHER does not start with GW_DEMO_',
    'GW_DEMO_GONE: listed in the README but not exported',
    'GW_DEMO_RENAMED: not listed in the README',
    'Renamed: exported under another name than its code GW_DEMO_RENAMED'
  ])
})

t.test('exports without any coded error class are a problem too', async t => {
  class Throws { constructor () { throw new Error('no') } }
  t.same(errorCatalogueProblems({ Throws, Plain: class {} }, '', 'GW_DEMO_'), ['no error class with a code was exported (expected codes starting with GW_DEMO_)'])
})
