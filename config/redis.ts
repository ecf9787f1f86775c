import { defineConfig } from '@adonisjs/redis'
import type { InferConnections } from '@adonisjs/redis/types'
import { redisOptions } from '#start/runtime'

/**
 * One connection, "main", used by the cache (L2 and bus) and the rate
 * limiter when Redis is configured. Connections are opened lazily: with the
 * embedded default nothing here ever connects.
 *
 * Commands fail fast while Redis is away (no offline queue), so callers can
 * fall back instead of hanging; the client keeps reconnecting in the
 * background and recovers by itself.
 */
const redisConfig = defineConfig({
  connection: 'main',
  connections: {
    main: {
      host: redisOptions?.host ?? '127.0.0.1',
      port: redisOptions?.port ?? 6379,
      username: redisOptions?.username,
      password: redisOptions?.password,
      db: redisOptions?.db ?? 0,
      tls: redisOptions?.tls,
      keyPrefix: '',
      enableOfflineQueue: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy(times: number) {
        return Math.min(times * 100, 2_000)
      },
    },
  },
})

export default redisConfig

declare module '@adonisjs/redis/types' {
  export interface RedisConnections extends InferConnections<typeof redisConfig> {}
}
