import type { RouteOptions } from 'fastify'

export interface RouteTableEntry {
  method: string
  url: string
  /** Fastify route constraints, each value as text (a RegExp host reads `/^api\./`). */
  constraints: Record<string, string>
  /** Whether the route declares a schema. */
  hasSchema: boolean
}

function constraintText (value: unknown): string {
  if (typeof value === 'string') return value
  if (value instanceof RegExp) return value.toString()
  return String(JSON.stringify(value))
}

/** Collects one entry per (route, method) as Fastify announces routes through `onRoute`. */
export class RouteTable {
  readonly #entries: RouteTableEntry[] = []

  record (route: RouteOptions): void {
    const constraints: Record<string, string> = {}
    for (const [name, value] of Object.entries(route.constraints ?? {})) {
      constraints[name] = constraintText(value)
    }
    for (const method of [route.method].flat()) {
      this.#entries.push({ method, url: route.url, constraints: { ...constraints }, hasSchema: route.schema !== undefined })
    }
  }

  list (): RouteTableEntry[] {
    return this.#entries.map((entry) => ({ ...entry, constraints: { ...entry.constraints } }))
  }
}
