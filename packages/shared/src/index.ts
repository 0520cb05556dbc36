import './route-config.js'

export { TIMER_MAX } from './timer.js'
export type { GroundworkRouteConfig } from './route-config.js'
export { REGISTER_OPTION_KEYS, compileOptions, describeProblems } from './options-schema.js'
export type { OptionProblem, OptionsCheck } from './options-schema.js'
export { errorCatalogueProblems } from './error-catalogue.js'
