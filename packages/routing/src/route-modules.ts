import type { FastifyInstance, FastifyPluginAsync, RouteOptions } from 'fastify'
import { GW_ROUTING_INVALID_ROUTE_MODULE } from './errors.js'
import { checkRouteModulesOptions, type RouteModulesOptions } from './options.js'
import { loadRouteDir } from './route-files.js'
import type { RouteModuleLike } from './define-route.js'

/** Joins a prefix ('' or '/x') and a route url; the root url of a prefix is the prefix itself. */
export function joinPrefix (prefix: string, url: string): string {
  if (prefix === '') return url
  return url === '/' ? prefix : prefix + url
}

function describe (module: RouteModuleLike, index: number): string {
  return typeof module?.url === 'string' ? `#${index} (${module.url})` : `#${index}`
}

function checkModule (module: RouteModuleLike, name: string): void {
  if (typeof module !== 'object' || module === null) {
    throw new GW_ROUTING_INVALID_ROUTE_MODULE(name, 'must be an object made with defineRoute()')
  }
  const methods: readonly unknown[] = Array.isArray(module.method) ? module.method : [module.method]
  if (methods.length === 0 || !methods.every((method) => typeof method === 'string' && method.length > 0)) {
    throw new GW_ROUTING_INVALID_ROUTE_MODULE(name, 'method must be an HTTP method or an array of them')
  }
  if (typeof module.handler !== 'function') {
    throw new GW_ROUTING_INVALID_ROUTE_MODULE(name, 'handler must be a function')
  }
}

function addRoute (instance: FastifyInstance, module: RouteModuleLike, url: string): void {
  instance.route({ ...module, url } as unknown as RouteOptions)
}

/** Registers route modules given as values; each must carry its own url. */
export function registerRouteList (instance: FastifyInstance, routes: readonly RouteModuleLike[], prefix: string): void {
  routes.forEach((module, index) => {
    const name = describe(module, index)
    checkModule(module, name)
    if (typeof module.url !== 'string' || !module.url.startsWith('/')) {
      throw new GW_ROUTING_INVALID_ROUTE_MODULE(name, 'url must be a path starting with /')
    }
    addRoute(instance, module, joinPrefix(prefix, module.url))
  })
}

/** Registers every route module of a directory, each at the URL its file path maps to. */
export async function registerRouteDir (instance: FastifyInstance, dir: string | URL, prefix: string): Promise<void> {
  for (const { file, url, module } of await loadRouteDir(dir)) {
    checkModule(module, file)
    addRoute(instance, module, joinPrefix(prefix, url))
  }
}

/**
 * An encapsulated plugin that registers route modules later in the boot, under Fastify's own `prefix`:
 * `app.register(routeModules, { prefix: '/api', dir })`. Register it after the plugins whose hooks and
 * content-type parsers those routes need.
 */
export const routeModules: FastifyPluginAsync<RouteModulesOptions> = async (instance, opts) => {
  checkRouteModulesOptions(opts)
  registerRouteList(instance, opts.routes ?? [], '')
  if (opts.dir !== undefined) await registerRouteDir(instance, opts.dir, '')
}
