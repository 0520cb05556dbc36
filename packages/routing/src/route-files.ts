import { readdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { GW_ROUTING_INVALID_ROUTE_MODULE, GW_ROUTING_ROUTE_DIR } from './errors.js'
import type { RouteModuleLike } from './define-route.js'

// Compiled JavaScript wins over TypeScript of the same name: a folder holding both is a build output next to
// its sources, and plain Node can only import the JavaScript.
const extensionPreference = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']
const declarationFile = /\.d\.[cm]?ts$/
const testFile = /\.(test|spec)\.[cm]?[jt]s$/

export interface RouteFile {
  /** Absolute path of the module. */
  file: string
  /** The URL the file path maps to, before any prefix. */
  url: string
}

export interface LoadedRoute {
  file: string
  url: string
  module: RouteModuleLike
}

/** Maps one relative file path (without extension, split into segments) to a URL. */
export function urlForSegments (segments: readonly string[], file: string): string {
  const parts = segments.at(-1) === 'index' ? segments.slice(0, -1) : segments
  const mapped = parts.map((segment, index) => {
    const catchAll = /^\[\.\.\.([^\]]+)\]$/.exec(segment)
    if (catchAll !== null) {
      if (index !== parts.length - 1) {
        throw new GW_ROUTING_ROUTE_DIR(file, `a catch-all segment ${segment} must be the last part of the path`)
      }
      return '*'
    }
    const param = /^\[([^\]]+)\]$/.exec(segment)
    return param === null ? segment : `:${param[1]}`
  })
  return '/' + mapped.join('/')
}

function routeExtension (name: string): string | undefined {
  if (declarationFile.test(name) || testFile.test(name)) return undefined
  return extensionPreference.find((extension) => name.endsWith(extension))
}

async function walk (root: string, segments: string[], found: Map<string, { file: string, rank: number, segments: string[] }>): Promise<void> {
  const entries = await readdir(join(root, ...segments), { withFileTypes: true })
  for (const entry of entries) {
    // _helpers.ts and .hidden files live next to routes without becoming routes.
    if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue
    if (entry.isDirectory()) {
      await walk(root, [...segments, entry.name], found)
      continue
    }
    const extension = routeExtension(entry.name)
    if (extension === undefined || !entry.isFile()) continue
    const stemSegments = [...segments, entry.name.slice(0, -extension.length)]
    const key = stemSegments.join('/')
    const rank = extensionPreference.indexOf(extension)
    const previous = found.get(key)
    if (previous === undefined || rank < previous.rank) {
      found.set(key, { file: join(root, ...segments, entry.name), rank, segments: stemSegments })
    }
  }
}

/** Lists the route files of a directory tree and the URL each maps to, sorted by URL. */
export async function findRouteFiles (dir: string | URL): Promise<RouteFile[]> {
  const root = dir instanceof URL ? fileURLToPath(dir) : resolve(dir)
  const found = new Map<string, { file: string, rank: number, segments: string[] }>()
  try {
    await walk(root, [], found)
  } catch (error) {
    throw new GW_ROUTING_ROUTE_DIR(root, (error as Error).message)
  }
  return [...found.values()]
    .map(({ file, segments }) => ({ file, url: urlForSegments(segments, file) }))
    .sort((a, b) => a.url.localeCompare(b.url))
}

/** Imports every route file of `dir`; each default export is a route module or an array of them. */
export async function loadRouteDir (dir: string | URL): Promise<LoadedRoute[]> {
  const loaded: LoadedRoute[] = []
  for (const { file, url } of await findRouteFiles(dir)) {
    let exported: unknown
    try {
      exported = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default
    } catch (error) {
      throw new GW_ROUTING_ROUTE_DIR(file, (error as Error).message)
    }
    const modules = Array.isArray(exported) ? exported as unknown[] : [exported]
    for (const module of modules) {
      if (typeof module !== 'object' || module === null) {
        throw new GW_ROUTING_INVALID_ROUTE_MODULE(file, 'the default export must be a route module (defineRoute) or an array of them')
      }
      if ('url' in module) {
        throw new GW_ROUTING_INVALID_ROUTE_MODULE(file, 'modules loaded from dir take their url from the file path; remove url')
      }
      loaded.push({ file, url, module: module as RouteModuleLike })
    }
  }
  return loaded
}
