import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { configProvider } from '@adonisjs/core'
import string from '@adonisjs/core/helpers/string'
import { defineConfig } from '@adonisjs/session'
import type { SessionStoreFactory } from '@adonisjs/session/types'
import { redisEnabled, redisKeyPrefix } from '#start/runtime'
import { BoundedMemorySessionStore, PrefixedRedisSessionStore } from '#admin/session_stores'

const SESSION_AGE = '8h'
const ttlSeconds = string.seconds.parse(SESSION_AGE)

/**
 * One store per process: the memory store keeps its sessions between
 * requests.
 */
let memoryStore: BoundedMemorySessionStore | undefined

/**
 * Sessions exist for the staff panel only (/admin): the session
 * middleware runs on its routes alone, never on the API. The cookie holds
 * only the session id; the session lives on the server, so that signing
 * out (or being refused after a demotion) ends it for good:
 * - in Redis when Redis is configured (every instance shares it), under
 *   the app's key prefix;
 * - otherwise in this process's memory (the embedded default is one
 *   process): bounded and expiring, and ended by a restart. Memory rather
 *   than files under tmp/: files would need their own clean-up of expired
 *   and abandoned sessions, and surviving a restart is not worth that for
 *   an 8-hour panel session.
 */
const sessionConfig = defineConfig({
  enabled: true,
  cookieName: 'shop_admin_session',
  clearWithBrowser: false,
  age: SESSION_AGE,
  cookie: {
    path: '/admin',
    httpOnly: true,
    secure: env.get('SESSION_SECURE_COOKIE') ?? app.inProduction,
    sameSite: 'lax',
  },
  store: redisEnabled ? 'redis' : 'process',
  stores: {
    redis: configProvider.create<SessionStoreFactory>(async (application) => {
      const redis = await application.container.make('redis')
      const store = new PrefixedRedisSessionStore(
        redis.connection('main'),
        `${redisKeyPrefix}admin_session:`,
        ttlSeconds
      )
      return () => store
    }),
    process: configProvider.create<SessionStoreFactory>(async () => {
      memoryStore ??= new BoundedMemorySessionStore(ttlSeconds)
      const store = memoryStore
      return () => store
    }),
  },
})

export default sessionConfig
