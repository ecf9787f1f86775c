import env from '#start/env'
import { defineConfig } from '@adonisjs/cors'

/**
 * The API is called from other origins with a bearer token, never with
 * cookies, so no credentials are allowed cross-origin. CORS_ORIGIN takes a
 * comma separated list of origins (`https://shop.example,https://admin.example`);
 * "*" (the default) allows any.
 */
const allowedOrigins = (env.get('CORS_ORIGIN') ?? '*')
  .split(',')
  .map((origin) => origin.trim().replace(/\/+$/, ''))
  .filter(Boolean)

/**
 * The response headers a browser script may read: the request id, the
 * rate limit (`X-RateLimit-Limit`, `X-RateLimit-Remaining`, and
 * `Retry-After` on a 429 or 503), a replayed checkout
 * (`Idempotent-Replayed`), why a token was refused (`WWW-Authenticate`)
 * and the invoice's file name (`Content-Disposition`).
 */
export const EXPOSED_HEADERS = [
  'x-request-id',
  'retry-after',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'idempotency-key',
  'idempotent-replayed',
  'www-authenticate',
  'content-disposition',
]

const corsConfig = defineConfig({
  enabled: true,
  origin: allowedOrigins.includes('*') ? '*' : allowedOrigins,
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  headers: true,
  exposeHeaders: EXPOSED_HEADERS,
  credentials: false,
  maxAge: 600,
})

export default corsConfig
