import { loadConfig, type DemoConfig } from '../../src/config.js'

/** The demo's defaults (as with an empty environment), with a test's overrides. */
export function testConfig (overrides: Partial<DemoConfig> = {}): DemoConfig {
  return { ...loadConfig({}), ...overrides }
}
