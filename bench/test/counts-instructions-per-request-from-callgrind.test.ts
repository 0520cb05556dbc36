import t from 'tap'
import { perRequest, readAnnotation } from '../src/callgrind.js'

const annotation = `--------------------------------------------------------------------------------
Ir
--------------------------------------------------------------------------------
3,275,818,383 (100.0%)  PROGRAM TOTALS

--------------------------------------------------------------------------------
Ir                   file:function
--------------------------------------------------------------------------------
84,092,636 ( 2.57%)  ???:v8::internal::compiler::GraphReducer::ReduceTop() [/usr/bin/node]
72,882,987 ( 2.22%)  ???:Builtins_LoadIC [/usr/bin/node]
33,322,145 ( 1.02%)  ???:v8::internal::Scanner::Next() [/usr/bin/node]
29,459,805 ( 0.90%)  ???:v8::internal::JsonParser<unsigned char>::BuildJsonObject() [/usr/bin/node]
 1,000 ( 0.00%)  ???:v8::internal::maglev::MaglevGraphBuilder::Build() [/usr/bin/node]
`

t.test('the total and the compiling part are read from callgrind_annotate, JSON.parse is not compiling', async t => {
  t.same(readAnnotation(annotation), { total: 3_275_818_383, compiling: 84_092_636 + 33_322_145 + 1_000 })
})

t.test('an annotation without totals is an error', async t => {
  t.throws(() => readAnnotation('nothing here\n'), { message: /no PROGRAM TOTALS/ })
})

t.test('per request: the difference between two runs, with and without compiling', async t => {
  const fewer = { requests: 1000, total: 2_000_000, compiling: 500_000 }
  const more = { requests: 3000, total: 3_000_000, compiling: 700_000 }
  t.same(perRequest(fewer, more), { perRequest: 500, steadyPerRequest: 400 })
  t.throws(() => perRequest(more, fewer), RangeError)
  t.throws(() => perRequest(fewer, fewer), RangeError)
})
