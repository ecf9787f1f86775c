import { defineConfig } from '@adonisjs/redis'
import type { InferConnections } from '@adonisjs/redis/types'
import { redisOptions } from '#start/runtime'

/**
 * One connection, "main", used by the cache L2 and the rate limiter when
 * Redis is configured (start/redis.ts opens it at boot; on the embedded
 * default nothing here ever connects). The cache bus and Transmit open
 * their own pub/sub connections from `redisServerOptions`.
 *
 * Commands fail fast while Redis is away (no offline queue), so callers can
 * fall back instead of hanging; the client keeps reconnecting in the
 * background and recovers by itself.
 */
export const redisServerOptions = {
  host: redisOptions?.host ?? '127.0.0.1',
  port: redisOptions?.port ?? 6379,
  username: redisOptions?.username,
  password: redisOptions?.password,
  db: redisOptions?.db ?? 0,
  tls: redisOptions?.tls,
  connectTimeout: 2_000,
  retryStrategy(times: number) {
    return Math.min(times * 100, 2_000)
  },
}

const redisConfig = defineConfig({
  connection: 'main',
  connections: {
    main: {
      ...redisServerOptions,
      keyPrefix: '',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
    },
  },
})

export default redisConfig

declare module '@adonisjs/redis/types' {
  export interface RedisConnections extends InferConnections<typeof redisConfig> {}
}
