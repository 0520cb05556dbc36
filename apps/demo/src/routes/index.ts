import { delayRoute } from './delay.js'
import { echoRoute } from './echo.js'
import { statsRoute } from './stats.js'
import { userRoutes } from './users.js'

/** The demo's API, mounted under /api. */
export const apiRoutes = [...userRoutes, echoRoute, delayRoute, statsRoute]
