import { delayRoute } from './delay.js'
import { echoRoute } from './echo.js'
import { eventsRoute } from './events.js'
import { statsRoute } from './stats.js'
import { userRoutes } from './users.js'

/** The demo's HTTP API, mounted under /api (the WebSocket route, /api/ws, is mounted in a scope of its own). */
export const apiRoutes = [...userRoutes, echoRoute, delayRoute, statsRoute, eventsRoute]
