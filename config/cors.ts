import env from '#start/env'
import { defineConfig } from '@adonisjs/cors'

/**
 * The API is called from other origins with a bearer token, never with
 * cookies, so no credentials are allowed cross-origin. CORS_ORIGIN takes a
 * comma separated list of origins; "*" (the default) allows any.
 */
const allowedOrigins = (env.get('CORS_ORIGIN') ?? '*')
  .split(',')
  .map((origin) => origin.trim())
  .filter(Boolean)

const corsConfig = defineConfig({
  enabled: true,
  origin: allowedOrigins.includes('*') ? '*' : allowedOrigins,
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  headers: true,
  exposeHeaders: [
    'x-request-id',
    'retry-after',
    'x-ratelimit-limit',
    'x-ratelimit-remaining',
    'idempotency-key',
  ],
  credentials: false,
  maxAge: 600,
})

export default corsConfig
