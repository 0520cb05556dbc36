import createError from '@fastify/error'

export const DEMO_USER_NOT_FOUND = createError<[number]>('DEMO_USER_NOT_FOUND', 'User %s not found', 404)

/**
 * 409 Conflict: the request is fine, the collection's current state (full) refuses it, and the
 * client can resolve that by deleting users and sending it again (RFC 9110, 15.5.10). Not 507
 * (a 5xx blames the server for a limit it enforces on purpose), nor 429/503 (nothing about the
 * client's rate or the server's health, and waiting alone does not help).
 */
export const DEMO_USERS_FULL = createError<[number]>('DEMO_USERS_FULL', 'The user store is full (MAX_USERS is %s): delete a user to add another', 409)

/** A plain GET on the WebSocket route: RFC 9110 (15.5.22) asks for 426 and the protocol to switch to. */
export const DEMO_UPGRADE_REQUIRED = createError<[string]>('DEMO_UPGRADE_REQUIRED', '%s is a WebSocket endpoint: connect over HTTP/1.1 with Upgrade: websocket', 426)

/** METRICS_PORT could not be listened on: one log line and exit 1, like graceful-close's GW_GRACEFUL_CLOSE_LISTEN for PORT. */
export const DEMO_METRICS_LISTEN = createError<[string, string]>('DEMO_METRICS_LISTEN', 'Cannot serve metrics on %s: %s', 500)
