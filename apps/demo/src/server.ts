import { fileURLToPath } from 'node:url'
import { buildApp } from './app.js'

const app = await buildApp({
  publicDir: process.env.PUBLIC_DIR ?? fileURLToPath(new URL('../public', import.meta.url)),
  logger: { level: process.env.LOG_LEVEL ?? 'info' }
})
await app.listen({ port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' })
