import type {
  ContextConfigDefault,
  FastifySchema,
  HTTPMethods,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
  RouteShorthandOptions
} from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'

/**
 * A route declared as a value: Fastify route options whose request and reply types are inferred from
 * the TypeBox schema. `url` is required in `routes` arrays and must be left out in `dir` modules, where
 * the file path decides it.
 */
export interface RouteModule<Schema extends FastifySchema = FastifySchema> extends RouteShorthandOptions<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  RouteGenericInterface,
  ContextConfigDefault,
  Schema,
  TypeBoxTypeProvider
> {
  method: HTTPMethods | HTTPMethods[]
  url?: string
  handler: RouteHandlerMethod<
    RawServerDefault,
    RawRequestDefaultExpression,
    RawReplyDefaultExpression,
    RouteGenericInterface,
    ContextConfigDefault,
    NoInfer<Schema>,
    TypeBoxTypeProvider
  >
}

/** What routing accepts as a route module: any `defineRoute` result, whatever its schema. */
export interface RouteModuleLike {
  method: string | readonly string[]
  url?: string
  handler: (this: never, ...args: never[]) => unknown
}

/** Identity at runtime; at compile time it infers params, querystring, body, headers and reply from `schema`. */
export function defineRoute<Schema extends FastifySchema = FastifySchema> (route: RouteModule<Schema>): RouteModule<Schema> {
  return route
}
