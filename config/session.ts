import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'

/**
 * Sessions exist for the staff panel only (/admin): the session
 * middleware runs on its routes alone, never on the API. The session is
 * an encrypted cookie, so any instance can read it.
 */
const sessionConfig = defineConfig({
  enabled: true,
  cookieName: 'shop_admin_session',
  clearWithBrowser: false,
  age: '8h',
  cookie: {
    path: '/admin',
    httpOnly: true,
    secure: env.get('SESSION_SECURE_COOKIE') ?? app.inProduction,
    sameSite: 'lax',
  },
  store: 'cookie',
  stores: {
    cookie: stores.cookie(),
  },
})

export default sessionConfig
