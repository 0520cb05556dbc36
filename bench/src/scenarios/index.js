// The scenario groups, in the order the suite runs them.
import { body } from './body.js'
import { composed } from './composed.js'
import { keepAlive } from './keep-alive.js'
import { routing } from './routing.js'
import { staticFiles } from './static.js'

/** @type {import('../runner.js').Group[]} */
export const groups = [composed, routing, body, staticFiles, keepAlive]
