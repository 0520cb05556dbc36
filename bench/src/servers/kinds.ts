// Every kind of server the scenarios start, loaded lazily so an unbuilt package only breaks the
// scenarios that use it.

export interface RunningServer {
  port: number
  close: () => Promise<unknown>
}

/** What a kind's module exports: its start(), which takes that kind's options (or none). */
interface ServerKind {
  start: (options: never) => Promise<RunningServer>
}

export const serverKinds = {
  'raw-json': () => import('./raw-json.js'),
  'raw-file': () => import('./raw-file.js'),
  'fastify-json': () => import('./fastify-json.js'),
  demo: () => import('./demo.js'),
  routes: () => import('./routes.js'),
  body: () => import('./body.js'),
  static: () => import('./static.js'),
  'peer-static': () => import('./peer-static.js'),
  'fastify-floor': () => import('./fastify-floor.js')
} satisfies Record<string, () => Promise<ServerKind>>

export type ServerKindName = keyof typeof serverKinds

/** The start() of a kind: its parameters are what a scenario passes when it starts one. */
export type StartOf<K extends ServerKindName> = Awaited<ReturnType<(typeof serverKinds)[K]>>['start']

/**
 * Starts a server kind with its options, for the suite's IPC child and the standalone entry alike.
 * The options arrive as JSON: the scenario that sent them was type-checked against the kind's start().
 * @param kind a key of serverKinds
 */
export async function startServerKind (kind: string, options: unknown): Promise<RunningServer> {
  const load = (serverKinds as Record<string, (() => Promise<{ start: (options: unknown) => Promise<RunningServer> }>) | undefined>)[kind]
  if (load === undefined) throw new Error(`unknown server kind "${kind}"`)
  const { start } = await load()
  return start(options)
}
