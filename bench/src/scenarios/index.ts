// The scenario groups, in the order the suite runs them.
import { body } from './body.js'
import { composed } from './composed.js'
import { keepAlive } from './keep-alive.js'
import { routing } from './routing.js'
import { staticFiles } from './static.js'
import type { Group } from '../runner.js'

export const groups: Group[] = [composed, routing, body, staticFiles, keepAlive]
