import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { Secret } from '@adonisjs/core/helpers'
import { defineConfig } from '@adonisjs/core/http'
import { trustProxyFunction } from '#start/env_rules'

/**
 * The app key encrypts and signs values (cookies, the panel session) and is
 * the default secret for the JWT signatures.
 */
export const appKey = new Secret(env.get('APP_KEY'))

export const appName = env.get('APP_NAME') ?? 'Shop'

export const http = defineConfig({
  generateRequestId: true,
  allowMethodSpoofing: false,
  useAsyncLocalStorage: false,
  /**
   * Only the configured proxies' X-Forwarded-For is believed (addresses,
   * CIDR ranges or a hop count; see start/env_rules.ts): request.ip() and
   * every per-IP limit use it (issue 14, finding 12).
   */
  trustProxy: trustProxyFunction(env.get('TRUST_PROXY')),
  cookie: {
    domain: '',
    path: '/',
    maxAge: '2h',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
