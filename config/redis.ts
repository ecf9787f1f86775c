import { defineConfig } from '@adonisjs/redis'
import type { InferConnections } from '@adonisjs/redis/types'
import env from '#start/env'
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
/**
 * How long a command may wait for Redis's answer. A Redis that is stalled
 * (paused, partitioned: the connection stays open, nothing comes back)
 * would otherwise hold every request that touches it for the whole stall;
 * past this the command fails, the caller falls back (cache: database and
 * memory, limiter: open), and start/redis.ts takes the connection offline
 * until Redis answers again (issue 14, finding 6).
 */
export const redisCommandTimeoutMs = env.get('REDIS_COMMAND_TIMEOUT_MS') ?? 1_000

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
      commandTimeout: redisCommandTimeoutMs,
      /**
       * Commands issued in the same tick leave in one write (one pipeline):
       * a checkout's cache invalidations and the rate limiter's counters of
       * concurrent requests share a round trip instead of a syscall each
       * (issue 22).
       */
      enableAutoPipelining: true,
    },
  },
})

export default redisConfig

declare module '@adonisjs/redis/types' {
  export interface RedisConnections extends InferConnections<typeof redisConfig> {}
}
