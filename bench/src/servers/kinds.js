// Every kind of server the scenarios start, loaded lazily so an unbuilt package only breaks the
// scenarios that use it.

/**
 * @typedef {object} RunningServer
 * @property {number} port
 * @property {() => Promise<unknown>} close
 */

/**
 * @typedef {object} ServerKind
 * @property {(options: any) => Promise<RunningServer>} start
 */

/**
 * Starts a server kind with its options, for the suite's IPC child and the standalone entry alike.
 * @param {string} kind a key of serverKinds
 * @param {unknown} options
 * @returns {Promise<RunningServer>}
 */
export async function startServerKind (kind, options) {
  const load = serverKinds[kind]
  if (load === undefined) throw new Error(`unknown server kind "${kind}"`)
  const { start } = await load()
  return start(options)
}

/** @type {Record<string, () => Promise<ServerKind>>} */
export const serverKinds = {
  'raw-json': () => import('./raw-json.js'),
  'raw-file': () => import('./raw-file.js'),
  'fastify-json': () => import('./fastify-json.js'),
  demo: () => import('./demo.js'),
  routes: () => import('./routes.js'),
  body: () => import('./body.js'),
  static: () => import('./static.js')
}
